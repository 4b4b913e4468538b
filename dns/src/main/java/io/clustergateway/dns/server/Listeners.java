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
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds UDP and TCP on every listen address, sharing one port per address: UDP first (several SO_REUSEPORT
 * channels under epoll so every core reads), then TCP on the port UDP got. A wildcard address is bound as each
 * local address instead (see {@link LocalAddresses}), and {@link #followLocalAddresses()} binds addresses that
 * appeared since and closes those that went away. The TCP connections of all listeners together are capped
 * ({@link TcpConnectionLimit}, {@value TcpConnectionLimit#DEFAULT_MAX} unless a test chooses otherwise).
 */
public final class Listeners implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
    private static final int BIND_ATTEMPTS = 5;
    private static final Duration TCP_IDLE = Duration.ofSeconds(10);
    /** A whole query, from its first byte: queries are small, so even a slow link sends one well within this. */
    private static final Duration TCP_MESSAGE_DEADLINE = Duration.ofSeconds(3);
    private static final int MAX_QUERY_DATAGRAM = 4096;
    private static final int DATAGRAMS_PER_READ = 8;

    private final Sockets sockets;
    /** The listen addresses as configured, wildcards included. */
    private final List<InetSocketAddress> requested;
    private final LocalAddresses.Source localAddresses;
    /** The port a wildcard asked as 0 got at its first bind: every address it stands for listens there. */
    private final Map<InetSocketAddress, Integer> wildcardPorts = new HashMap<>();
    /** Addresses whose bind failed at the last check, so that a lasting failure warns once. */
    private final Set<InetSocketAddress> failing = new HashSet<>();
    /** Replaced whole under the lock, read without it. */
    private volatile List<Listener> listeners = List.of();
    private volatile boolean accepting = true;

    /** One address listened on: as asked (port 0 possibly), the listen address it came from, what it got. */
    private record Listener(InetSocketAddress asked, InetSocketAddress origin, InetSocketAddress bound,
                            List<Channel> channels) {
        boolean fromWildcard() {
            return LocalAddresses.isWildcard(origin);
        }
    }

    /** What one {@link #followLocalAddresses()} changed; {@code failed} are retried at the next check. */
    record AddressChanges(List<InetSocketAddress> added, List<InetSocketAddress> removed,
                          List<InetSocketAddress> failed) {
        static final AddressChanges NONE = new AddressChanges(List.of(), List.of(), List.of());
    }

    private Listeners(Sockets sockets, List<InetSocketAddress> requested, LocalAddresses.Source localAddresses) {
        this.sockets = sockets;
        this.requested = List.copyOf(requested);
        this.localAddresses = localAddresses;
    }

    static Listeners bind(EventLoops loops, List<InetSocketAddress> addresses, int udpChannelsPerAddress,
                          ChannelHandler shortcut, ChannelHandler dispatcher) throws IOException {
        return bind(loops, addresses, udpChannelsPerAddress, shortcut, dispatcher,
                new TcpConnectionLimit(TcpConnectionLimit.DEFAULT_MAX), LocalAddresses.INTERFACES);
    }

    /** @param tcpLimit shared by the TCP listeners of every address: the cap is on the server's connections */
    static Listeners bind(EventLoops loops, List<InetSocketAddress> addresses, int udpChannelsPerAddress,
                          ChannelHandler shortcut, ChannelHandler dispatcher, TcpConnectionLimit tcpLimit)
            throws IOException {
        return bind(loops, addresses, udpChannelsPerAddress, shortcut, dispatcher, tcpLimit,
                LocalAddresses.INTERFACES);
    }

    /** @param localAddresses what a wildcard stands for, at start and at every later check */
    static Listeners bind(EventLoops loops, List<InetSocketAddress> addresses, int udpChannelsPerAddress,
                          ChannelHandler shortcut, ChannelHandler dispatcher, TcpConnectionLimit tcpLimit,
                          LocalAddresses.Source localAddresses) throws IOException {
        int udpChannels = !loops.epoll() ? 1
                : udpChannelsPerAddress > 0 ? udpChannelsPerAddress : Runtime.getRuntime().availableProcessors();
        Listeners listeners = new Listeners(new Sockets(loops, udpChannels, shortcut, dispatcher, tcpLimit),
                addresses, localAddresses);
        try {
            listeners.bindAll(LocalAddresses.expandWildcards(addresses, localAddresses));
        } catch (IOException | RuntimeException e) {
            listeners.close();
            throw e;
        }
        return listeners;
    }

    private synchronized void bindAll(Map<InetSocketAddress, InetSocketAddress> expanded) throws IOException {
        for (Map.Entry<InetSocketAddress, InetSocketAddress> address : expanded.entrySet()) {
            add(bindListener(address.getKey(), address.getValue()));
        }
    }

    /**
     * Expands the wildcard listen addresses again: binds each local address that is new (on the wildcard's port)
     * and closes the sockets of each one that is gone. Addresses listed explicitly are never touched. A new
     * address that cannot be bound is logged and tried again at the next call, leaving the others as they are.
     * Does nothing once the listeners stopped accepting or closed.
     */
    synchronized AddressChanges followLocalAddresses() {
        if (!accepting) {
            return AddressChanges.NONE;
        }
        Map<InetSocketAddress, InetSocketAddress> expanded;
        try {
            expanded = LocalAddresses.expand(requested, localAddresses);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the local addresses, listening on the same ones as before: {}", e.toString());
            return AddressChanges.NONE;
        }
        List<InetSocketAddress> removed = removeGone(expanded.keySet());
        failing.retainAll(expanded.keySet());
        Set<InetSocketAddress> present = new HashSet<>();
        listeners.forEach(listener -> present.add(listener.asked()));
        List<InetSocketAddress> added = new ArrayList<>();
        List<InetSocketAddress> failed = new ArrayList<>();
        for (Map.Entry<InetSocketAddress, InetSocketAddress> address : expanded.entrySet()) {
            if (!present.contains(address.getKey())) {
                addNew(address.getKey(), address.getValue(), added, failed);
            }
        }
        return new AddressChanges(List.copyOf(added), removed, List.copyOf(failed));
    }

    private List<InetSocketAddress> removeGone(Set<InetSocketAddress> expanded) {
        List<Listener> gone = listeners.stream()
                .filter(listener -> listener.fromWildcard() && !expanded.contains(listener.asked()))
                .toList();
        if (gone.isEmpty()) {
            return List.of();
        }
        listeners = listeners.stream().filter(listener -> !gone.contains(listener)).toList();
        for (Listener listener : gone) {
            closeAll(listener.channels());
            LOG.info("DNS no longer listening on {}: not a local address any more", listener.bound());
        }
        return gone.stream().map(Listener::bound).toList();
    }

    private void addNew(InetSocketAddress asked, InetSocketAddress origin, List<InetSocketAddress> added,
                        List<InetSocketAddress> failed) {
        InetSocketAddress target = target(asked, origin);
        try {
            Listener listener = bindListener(asked, origin);
            add(listener);
            added.add(listener.bound());
            failing.remove(asked);
        } catch (IOException | RuntimeException e) {
            failed.add(target);
            if (failing.add(asked)) {
                LOG.warn("new local address {} is not served: {}; trying again at the next check", target,
                        e.getMessage());
            } else {
                LOG.debug("new local address {} is still not served: {}", target, e.getMessage());
            }
        }
    }

    private Listener bindListener(InetSocketAddress asked, InetSocketAddress origin) throws IOException {
        List<Channel> channels = sockets.bind(target(asked, origin));
        InetSocketAddress bound = (InetSocketAddress) channels.get(0).localAddress();
        if (LocalAddresses.isWildcard(origin) && origin.getPort() == 0) {
            wildcardPorts.putIfAbsent(origin, bound.getPort());
        }
        return new Listener(asked, origin, bound, channels);
    }

    /** Where to bind: a wildcard asked as port 0 shares the port its first address got, so clients find one. */
    private InetSocketAddress target(InetSocketAddress asked, InetSocketAddress origin) {
        if (!LocalAddresses.isWildcard(origin) || origin.getPort() != 0) {
            return asked;
        }
        return new InetSocketAddress(asked.getAddress(), wildcardPorts.getOrDefault(origin, 0));
    }

    private void add(Listener listener) {
        List<Listener> next = new ArrayList<>(listeners);
        next.add(listener);
        listeners = List.copyOf(next);
    }

    /** How one address is bound: the event loops, the handlers, and how many UDP channels share its port. */
    private record Sockets(EventLoops loops, int udpChannels, ChannelHandler shortcut, ChannelHandler dispatcher,
                           TcpConnectionLimit tcpLimit) {

        /** @return the address's channels, the first UDP one first (its local address is what was bound) */
        List<Channel> bind(InetSocketAddress address) throws IOException {
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

    /** The addresses listened on now, with the ports they got. */
    public List<InetSocketAddress> addresses() {
        return listeners.stream().map(Listener::bound).toList();
    }

    /** True while some address is listened on and every socket of every one is open. */
    public boolean allOpen() {
        List<Listener> current = listeners;
        return !current.isEmpty() && current.stream()
                .flatMap(listener -> listener.channels().stream())
                .allMatch(Channel::isActive);
    }

    /**
     * Stops taking connections: TCP listeners close, and local addresses are no longer followed. UDP sockets stay
     * open, since answers to queries already in flight leave through them; the dispatcher drops new datagrams
     * once {@link #accepting()} is false.
     */
    public synchronized void stopAccepting() {
        accepting = false;
        closeAll(channels().filter(ServerChannel.class::isInstance).toList());
    }

    public boolean accepting() {
        return accepting;
    }

    /** Closes every socket, those bound by a later {@link #followLocalAddresses()} too. */
    @Override
    public synchronized void close() {
        accepting = false;
        closeAll(channels().toList());
    }

    private Stream<Channel> channels() {
        return listeners.stream().flatMap(listener -> listener.channels().stream());
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
