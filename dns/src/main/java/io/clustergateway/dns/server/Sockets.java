package io.clustergateway.dns.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Socket setup for one address: UDP first (several SO_REUSEPORT channels under epoll so every core reads), then TCP
 * on the port UDP got, each with its pipeline. The TCP connections of all addresses together are capped
 * ({@link TcpConnectionLimit}, {@value TcpConnectionLimit#DEFAULT_MAX} unless a test chooses otherwise).
 *
 * @param shortcut first on every UDP pipeline (answers fresh cache hits from bytes); null: none
 */
record Sockets(EventLoops loops, int udpChannels, ChannelHandler shortcut, ChannelHandler dispatcher,
               TcpConnectionLimit tcpLimit) {
    private static final Logger LOG = LoggerFactory.getLogger(Sockets.class);
    private static final int BIND_ATTEMPTS = 5;
    private static final Duration TCP_IDLE = Duration.ofSeconds(10);
    /** A whole query, from its first byte: queries are small, so even a slow link sends one well within this. */
    private static final Duration TCP_MESSAGE_DEADLINE = Duration.ofSeconds(3);
    private static final int MAX_QUERY_DATAGRAM = 4096;
    private static final int DATAGRAMS_PER_READ = 8;

    /** @param udpChannelsPerAddress 0: one per core; NIO has no SO_REUSEPORT, so one there */
    static Sockets of(EventLoops loops, int udpChannelsPerAddress, ChannelHandler shortcut,
                      ChannelHandler dispatcher, TcpConnectionLimit tcpLimit) {
        int udpChannels = !loops.epoll() ? 1
                : udpChannelsPerAddress > 0 ? udpChannelsPerAddress : Runtime.getRuntime().availableProcessors();
        return new Sockets(loops, udpChannels, shortcut, dispatcher, tcpLimit);
    }

    /** @return the address's channels, the first UDP one first (its local address is what was bound) */
    List<Channel> bind(InetSocketAddress address) throws IOException {
        IOException last = null;
        int attempts = address.getPort() == 0 ? BIND_ATTEMPTS : 1;
        for (int attempt = 0; attempt < attempts; attempt++) {
            List<Channel> these = new ArrayList<>();
            try {
                Channel first = bindUdp(address);
                these.add(first);
                InetSocketAddress actual = (InetSocketAddress) first.localAddress();
                for (int i = 1; i < udpChannels; i++) {
                    these.add(bindUdp(actual));
                }
                these.add(bindTcp(actual));
                LOG.info("DNS listening on {} (udp x{}, tcp, {})", actual, udpChannels,
                        loops.epoll() ? "epoll" : "nio");
                return List.copyOf(these);
            } catch (IOException e) {
                closeAll(these);
                last = e;
            }
        }
        throw last;
    }

    private Channel bindUdp(InetSocketAddress address) throws IOException {
        Bootstrap bootstrap = new Bootstrap()
                .group(loops.group())
                .channel(loops.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, 1 << 20)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_QUERY_DATAGRAM))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (shortcut != null) {
                            channel.pipeline().addLast(shortcut);
                        }
                        channel.pipeline().addLast(UdpQueryDecoder.INSTANCE, dispatcher);
                    }
                });
        if (loops.epoll()) {
            bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
            // recvmmsg: up to 8 queries per read call, each in its own slice of one pooled buffer
            bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_QUERY_DATAGRAM);
            bootstrap.option(ChannelOption.RCVBUF_ALLOCATOR,
                    new FixedRecvByteBufAllocator(MAX_QUERY_DATAGRAM * DATAGRAMS_PER_READ));
        }
        return await(bootstrap.bind(address), "udp", address);
    }

    private Channel bindTcp(InetSocketAddress address) throws IOException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.group())
                .channel(loops.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(
                                tcpLimit,
                                new IdleStateHandler(0, 0, TCP_IDLE.toMillis(), TimeUnit.MILLISECONDS),
                                IdleCloser.INSTANCE,
                                new TcpFrameDecoder(tcpLimit, TCP_MESSAGE_DEADLINE),
                                new LengthFieldPrepender(2),
                                TcpQueryDecoder.INSTANCE,
                                dispatcher);
                    }
                });
        return await(bootstrap.bind(address), "tcp", address);
    }

    private static Channel await(ChannelFuture future, String protocol, InetSocketAddress address) throws IOException {
        future.awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw new IOException("cannot listen on " + protocol + " " + address.getAddress().getHostAddress() + ":"
                    + address.getPort() + ": " + future.cause().getMessage(), future.cause());
        }
        return future.channel();
    }

    static void closeAll(List<Channel> channels) {
        for (Channel channel : channels) {
            channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
    }

    /** Closes TCP connections that sat idle, so a slow or stuck client cannot hold a socket forever. */
    @ChannelHandler.Sharable
    static final class IdleCloser extends ChannelInboundHandlerAdapter {
        static final IdleCloser INSTANCE = new IdleCloser();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent) {
                ctx.close();
            } else {
                super.userEventTriggered(ctx, event);
            }
        }
    }
}
