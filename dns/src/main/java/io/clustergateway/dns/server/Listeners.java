package io.clustergateway.dns.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
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
 * Binds UDP and TCP on every listen address, sharing one port per address: UDP first (several SO_REUSEPORT
 * channels under epoll so every core reads), then TCP on the port UDP got. A wildcard address is bound as each
 * local address instead (see {@link LocalAddresses}). The TCP connections of all listeners together are capped
 * ({@link TcpConnectionLimit}, {@value TcpConnectionLimit#DEFAULT_MAX} unless a test chooses otherwise).
 */
public final class Listeners implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
    private static final int BIND_ATTEMPTS = 5;
    private static final Duration TCP_IDLE = Duration.ofSeconds(10);
    private static final int MAX_QUERY_DATAGRAM = 4096;
    private static final int DATAGRAMS_PER_READ = 8;

    private final List<Channel> channels;
    private final List<InetSocketAddress> bound;
    private volatile boolean accepting = true;

    private Listeners(List<Channel> channels, List<InetSocketAddress> bound) {
        this.channels = channels;
        this.bound = bound;
    }

    static Listeners bind(EventLoops loops, List<InetSocketAddress> addresses, int udpChannelsPerAddress,
                          ChannelHandler shortcut, ChannelHandler dispatcher) throws IOException {
        return bind(loops, addresses, udpChannelsPerAddress, shortcut, dispatcher,
                new TcpConnectionLimit(TcpConnectionLimit.DEFAULT_MAX));
    }

    /** @param tcpLimit shared by the TCP listeners of every address: the cap is on the server's connections */
    static Listeners bind(EventLoops loops, List<InetSocketAddress> addresses, int udpChannelsPerAddress,
                          ChannelHandler shortcut, ChannelHandler dispatcher, TcpConnectionLimit tcpLimit)
            throws IOException {
        List<Channel> channels = new ArrayList<>();
        List<InetSocketAddress> bound = new ArrayList<>();
        int udpChannels = !loops.epoll() ? 1
                : udpChannelsPerAddress > 0 ? udpChannelsPerAddress : Runtime.getRuntime().availableProcessors();
        try {
            for (InetSocketAddress address : LocalAddresses.expandWildcards(addresses)) {
                bound.add(bindOne(loops, address, udpChannels, shortcut, dispatcher, tcpLimit, channels));
            }
        } catch (IOException | RuntimeException e) {
            closeAll(channels);
            throw e;
        }
        return new Listeners(channels, List.copyOf(bound));
    }

    private static InetSocketAddress bindOne(EventLoops loops, InetSocketAddress address, int udpChannels,
                                             ChannelHandler shortcut, ChannelHandler dispatcher,
                                             TcpConnectionLimit tcpLimit, List<Channel> all) throws IOException {
        IOException last = null;
        int attempts = address.getPort() == 0 ? BIND_ATTEMPTS : 1;
        for (int attempt = 0; attempt < attempts; attempt++) {
            List<Channel> these = new ArrayList<>();
            try {
                Channel first = bindUdp(loops, address, shortcut, dispatcher);
                these.add(first);
                InetSocketAddress actual = (InetSocketAddress) first.localAddress();
                for (int i = 1; i < udpChannels; i++) {
                    these.add(bindUdp(loops, actual, shortcut, dispatcher));
                }
                these.add(bindTcp(loops, actual, dispatcher, tcpLimit));
                all.addAll(these);
                LOG.info("DNS listening on {} (udp x{}, tcp, {})", actual, udpChannels, loops.epoll() ? "epoll" : "nio");
                return actual;
            } catch (IOException e) {
                closeAll(these);
                last = e;
            }
        }
        throw last;
    }

    private static Channel bindUdp(EventLoops loops, InetSocketAddress address, ChannelHandler shortcut,
                                   ChannelHandler dispatcher) throws IOException {
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

    private static Channel bindTcp(EventLoops loops, InetSocketAddress address, ChannelHandler dispatcher,
                                   TcpConnectionLimit tcpLimit) throws IOException {
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
                                new LengthFieldBasedFrameDecoder(65535 + 2, 0, 2, 0, 2),
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

    public List<InetSocketAddress> addresses() {
        return bound;
    }

    public boolean allOpen() {
        return channels.stream().allMatch(Channel::isActive);
    }

    /**
     * Stops taking connections: TCP listeners close. UDP sockets stay open, since answers to queries already in
     * flight leave through them; the dispatcher drops new datagrams once {@link #accepting()} is false.
     */
    public void stopAccepting() {
        accepting = false;
        closeAll(channels.stream().filter(ServerChannel.class::isInstance).toList());
    }

    public boolean accepting() {
        return accepting;
    }

    @Override
    public void close() {
        accepting = false;
        closeAll(channels);
    }

    private static void closeAll(List<Channel> channels) {
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
