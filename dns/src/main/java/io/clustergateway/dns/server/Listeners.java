package io.clustergateway.dns.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ServerChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The addresses listened on, each bound by {@link Sockets}. A wildcard address is bound as each local address
 * instead (see {@link LocalAddresses}), and {@link #followLocalAddresses()} binds addresses that appeared since and
 * closes those that went away.
 */
public final class Listeners implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

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
        Listeners listeners = new Listeners(Sockets.of(loops, udpChannelsPerAddress, shortcut, dispatcher, tcpLimit),
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
            Sockets.closeAll(listener.channels());
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
        Sockets.closeAll(channels().filter(ServerChannel.class::isInstance).toList());
    }

    public boolean accepting() {
        return accepting;
    }

    /** Closes every socket, those bound by a later {@link #followLocalAddresses()} too. */
    @Override
    public synchronized void close() {
        accepting = false;
        Sockets.closeAll(channels().toList());
    }

    private Stream<Channel> channels() {
        return listeners.stream().flatMap(listener -> listener.channels().stream());
    }
}
