package io.clustergateway.dns.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the TCP connections open at once across all listeners of one server, so a client opening thousands cannot
 * use up our file descriptors: a connection over the cap is closed as soon as it is accepted; closing one frees
 * its slot.
 */
@ChannelHandler.Sharable
final class TcpConnectionLimit extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(TcpConnectionLimit.class);
    static final int DEFAULT_MAX = 1000;

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder refused = new LongAdder();

    TcpConnectionLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("TCP connection cap must be at least 1; got " + max);
        }
        this.max = max;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            refused.increment();
            LOG.debug("TCP connection from {} closed: {} already open", ctx.channel().remoteAddress(), max);
            ctx.close();
            return;
        }
        ctx.channel().closeFuture().addListener(closed -> open.decrementAndGet());
        ctx.fireChannelActive();
    }

    int open() {
        return open.get();
    }

    long refused() {
        return refused.sum();
    }
}
