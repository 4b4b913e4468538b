package io.clustergateway.dns.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the TCP connections open at once: across all listeners of one server, so a client opening thousands cannot
 * use up our file descriptors, and per source address, so one client cannot take every slot (slowloris). When a cap
 * is reached, the oldest idle connection — no whole message for a while — of the busiest source (of the same source,
 * for its own cap) is closed to make room; when there is none, the new connection is closed as soon as it is
 * accepted. Closing one frees its slot.
 */
@ChannelHandler.Sharable
final class TcpConnectionLimit extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(TcpConnectionLimit.class);
    static final int DEFAULT_MAX = 1000;
    /** Far more than a resolver behind one address needs over TCP, far fewer than the whole cap. */
    static final int DEFAULT_PER_SOURCE = 100;
    /** A connection that completed no message for this long may be closed to make room. */
    static final Duration IDLE_AFTER = Duration.ofSeconds(2);
    private static final AttributeKey<Connection> CONNECTION = AttributeKey.valueOf("dns.tcp.connection");

    private final int max;
    private final int perSource;
    private final long idleAfterNanos;
    private final LongSupplier nanoClock;
    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder refused = new LongAdder();
    private final LongAdder evicted = new LongAdder();
    /** Open connections by source, oldest first; guarded by {@code this} (connection setup, not the query path). */
    private final Map<InetAddress, List<Connection>> bySource = new HashMap<>();

    /** One accepted connection and when it last completed a message (set by its event loop, read under the lock). */
    private record Connection(Channel channel, InetAddress source, AtomicLong lastMessageNanos) {}

    TcpConnectionLimit(int max) {
        this(max, Math.min(max, DEFAULT_PER_SOURCE), IDLE_AFTER, System::nanoTime);
    }

    TcpConnectionLimit(int max, int perSource, Duration idleAfter, LongSupplier nanoClock) {
        if (max < 1) {
            throw new IllegalArgumentException("TCP connection cap must be at least 1; got " + max);
        }
        if (perSource < 1) {
            throw new IllegalArgumentException("TCP connection cap per source must be at least 1; got " + perSource);
        }
        this.max = max;
        this.perSource = perSource;
        this.idleAfterNanos = idleAfter.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Marks a whole message read on {@code channel}: it is not idle. */
    void messageRead(Channel channel) {
        Connection connection = channel.attr(CONNECTION).get();
        if (connection != null) {
            connection.lastMessageNanos().set(nanoClock.getAsLong());
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel channel = ctx.channel();
        InetAddress source = channel.remoteAddress() instanceof InetSocketAddress peer ? peer.getAddress() : null;
        Connection connection = new Connection(channel, source, new AtomicLong(nanoClock.getAsLong()));
        Room room;
        synchronized (this) {
            room = makeRoom(source);
            if (!room.granted()) {
                refused.increment();
                LOG.debug("TCP connection from {} closed: {} open ({} from it)", channel.remoteAddress(), open.get(),
                        count(source));
                ctx.close();
                return;
            }
            open.incrementAndGet();
            bySource.computeIfAbsent(source, s -> new ArrayList<>()).add(connection);
        }
        if (room.evicted() != null) {
            Channel idle = room.evicted().channel();
            evicted.increment();
            LOG.debug("idle TCP connection {} closed to make room for {}", idle.remoteAddress(), channel.remoteAddress());
            idle.close();
        }
        channel.attr(CONNECTION).set(connection);
        channel.closeFuture().addListener(closed -> forget(connection));
        ctx.fireChannelActive();
    }

    /** Whether a new connection may stay, and the idle one closed (its slot already freed) to make room for it. */
    private record Room(boolean granted, Connection evicted) {
        static final Room FREE = new Room(true, null);
        static final Room NONE = new Room(false, null);
    }

    /** Room for one more from {@code source}: its own cap first, then the server's. */
    private Room makeRoom(InetAddress source) {
        InetAddress crowded;
        if (count(source) >= perSource) {
            crowded = source;
        } else if (open.get() >= max) {
            crowded = busiest();
        } else {
            return Room.FREE;
        }
        Connection idle = oldestIdle(crowded, nanoClock.getAsLong());
        if (idle == null) {
            return Room.NONE;
        }
        remove(idle);
        return new Room(true, idle);
    }

    private InetAddress busiest() {
        InetAddress busiest = null;
        int most = 0;
        for (Map.Entry<InetAddress, List<Connection>> entry : bySource.entrySet()) {
            if (entry.getValue().size() > most) {
                most = entry.getValue().size();
                busiest = entry.getKey();
            }
        }
        return busiest;
    }

    private Connection oldestIdle(InetAddress source, long now) {
        Connection oldest = null;
        for (Connection connection : bySource.getOrDefault(source, List.of())) {
            long last = connection.lastMessageNanos().get();
            if (now - last >= idleAfterNanos && (oldest == null || last < oldest.lastMessageNanos().get())) {
                oldest = connection;
            }
        }
        return oldest;
    }

    private int count(InetAddress source) {
        List<Connection> connections = bySource.get(source);
        return connections == null ? 0 : connections.size();
    }

    private synchronized void forget(Connection connection) {
        remove(connection);
    }

    /** Frees the connection's slot once (it may be evicted first and closed later). */
    private void remove(Connection connection) {
        List<Connection> connections = bySource.get(connection.source());
        if (connections != null && connections.remove(connection)) {
            open.decrementAndGet();
            if (connections.isEmpty()) {
                bySource.remove(connection.source());
            }
        }
    }

    int open() {
        return open.get();
    }

    long refused() {
        return refused.sum();
    }

    long evicted() {
        return evicted.sum();
    }
}
