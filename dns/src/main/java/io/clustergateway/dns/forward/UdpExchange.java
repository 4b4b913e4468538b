package io.clustergateway.dns.forward;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.Message;

/**
 * One query over UDP from a fresh socket: the kernel picks a random ephemeral source port for each one (RFC 5452),
 * and connecting it makes the kernel drop datagrams from other peers and report ICMP port-unreachable at once,
 * so a dead upstream fails fast instead of timing out.
 */
final class UdpExchange implements Exchange {
    /** Upstreams may ignore our advertised size; a short read would be unparsable and lost. */
    private static final int MAX_DATAGRAM = 65535;

    private final NettyTransport transport;

    UdpExchange(NettyTransport transport) {
        this.transport = transport;
    }

    @Override
    public CompletableFuture<Message> exchange(EventLoop loop, InetSocketAddress upstream, byte[] wire,
                                               ResponseValidator validator, long timeoutNanos) {
        CompletableFuture<Message> answer = new CompletableFuture<>();
        ChannelFuture connect = new Bootstrap()
                .group(loop)
                .channelFactory(transport.datagram(upstream))
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                .handler(new AnswerHandler(validator, answer))
                .connect(upstream);
        Channel channel = connect.channel();
        var timer = loop.schedule(() -> answer.completeExceptionally(new TimeoutException(
                "no answer over UDP from " + Upstream.hostPort(upstream) + " within "
                        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + "ms")), timeoutNanos, TimeUnit.NANOSECONDS);
        answer.whenComplete((message, error) -> {
            timer.cancel(false);
            channel.close();
        });
        connect.addListener((ChannelFutureListener) connected -> {
            if (!connected.isSuccess()) {
                answer.completeExceptionally(connected.cause());
                return;
            }
            connected.channel().writeAndFlush(Unpooled.wrappedBuffer(wire)).addListener(written -> {
                if (!written.isSuccess()) {
                    answer.completeExceptionally(written.cause());
                }
            });
        });
        return answer;
    }
}
