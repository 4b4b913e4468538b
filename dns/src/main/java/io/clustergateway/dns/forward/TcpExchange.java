package io.clustergateway.dns.forward;

import io.clustergateway.dns.wire.Wire;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.Message;

/** One query over a fresh TCP connection with 2-byte length framing (RFC 1035 4.2.2, RFC 7766), for truncated answers. */
final class TcpExchange implements Exchange {
    private static final int MAX_FRAME = Wire.MAX_MESSAGE + 2;

    private final NettyTransport transport;

    TcpExchange(NettyTransport transport) {
        this.transport = transport;
    }

    @Override
    public CompletableFuture<Message> exchange(EventLoop loop, InetSocketAddress upstream, byte[] wire,
                                               ResponseValidator validator, long timeoutNanos) {
        CompletableFuture<Message> answer = new CompletableFuture<>();
        ChannelFuture connect = new Bootstrap()
                .group(loop)
                .channelFactory(transport.stream())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(
                                new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 2, 0, 2),
                                new LengthFieldPrepender(2),
                                new AnswerHandler(validator, answer));
                    }
                })
                .connect(upstream);
        Channel channel = connect.channel();
        var timer = loop.schedule(() -> answer.completeExceptionally(new TimeoutException(
                "no answer over TCP from " + Upstream.hostPort(upstream) + " within "
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
