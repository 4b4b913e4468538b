package io.clustergateway.dns.server;

import io.clustergateway.dns.chain.CacheShortcut;
import io.clustergateway.dns.chain.PlainQuery;
import io.clustergateway.dns.netty.TurnFlusher;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First on the UDP pipeline: a plain query whose answer is fresh in the cache and fits the client is answered from
 * the cached bytes at once, without a Message either way; everything else goes on to the decoder and the chain
 * unchanged. The answer is written now and flushed with the rest of the loop turn (one sendmmsg).
 */
@ChannelHandler.Sharable
final class CacheShortcutHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(CacheShortcutHandler.class);

    private final CacheShortcut shortcut;
    private final AnswerSink sink;
    private volatile BooleanSupplier accepting = () -> true;

    CacheShortcutHandler(CacheShortcut shortcut, AnswerSink sink) {
        this.shortcut = shortcut;
        this.sink = sink;
    }

    void acceptWhile(BooleanSupplier accepting) {
        this.accepting = accepting;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket packet && accepting.getAsBoolean() && answered(ctx, packet)) {
            packet.release();
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private boolean answered(ChannelHandlerContext ctx, DatagramPacket packet) {
        long arrivalNanos = System.nanoTime();
        try {
            PlainQuery query = PlainQueries.parse(packet.content());
            if (query == null) {
                return false;
            }
            CacheShortcut.Hit hit = shortcut.lookup(query, packet.sender(), ResponseEncoder.cachedRoom(query));
            if (hit == null) {
                return false;
            }
            byte[] wire = ResponseEncoder.cachedForClient(hit.wire(), query);
            ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(wire), packet.sender()), ctx.voidPromise());
            TurnFlusher.flushSoon(ctx.channel());
            counted(hit.route(), wire[3] & 0xF, arrivalNanos);
            return true;
        } catch (RuntimeException e) {
            // nothing was written: the chain takes the query and answers it its own way
            LOG.debug("cache shortcut failed for a query from {}: {}", packet.sender(), e.toString());
            return false;
        }
    }

    private void counted(String route, int rcode, long arrivalNanos) {
        try {
            sink.answered(route, rcode, arrivalNanos);
        } catch (RuntimeException e) {
            LOG.warn("counting an answer failed: {}", e.toString());
        }
    }
}
