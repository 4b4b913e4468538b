package io.clustergateway.dns.server;

import io.clustergateway.dns.wire.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two-byte length framing (RFC 1035 4.2.2) with a deadline for each whole message, counted from its first byte: a
 * client trickling a byte at a time (which restarts any idle timer) cannot hold a connection longer than that.
 * One per connection.
 */
final class TcpFrameDecoder extends LengthFieldBasedFrameDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(TcpFrameDecoder.class);

    private final TcpConnectionLimit limit;
    private final long deadlineNanos;
    private ScheduledFuture<?> deadline;

    TcpFrameDecoder(TcpConnectionLimit limit, Duration messageDeadline) {
        super(Wire.MAX_MESSAGE + 2, 0, 2, 0, 2);
        this.limit = limit;
        this.deadlineNanos = messageDeadline.toNanos();
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        Object frame = super.decode(ctx, in);
        if (frame != null) {
            cancelDeadline();
            limit.messageRead(ctx.channel());
        } else if (in.isReadable() && deadline == null) {
            deadline = ctx.executor().schedule(() -> {
                LOG.debug("TCP connection {} closed: no whole message within {} ms of its first byte",
                        ctx.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(deadlineNanos));
                ctx.close();
            }, deadlineNanos, TimeUnit.NANOSECONDS);
        }
        return frame;
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelDeadline();
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
