package io.clustergateway.dns.forward;

import io.clustergateway.dns.netty.TurnFlusher;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Message;

/**
 * Queries over UDP through long-lived sockets: per event loop and upstream a ring of connected sockets, each on a
 * port the kernel picked at random (RFC 5452: the ID and the source port are what an off-path spoofer must guess).
 * The queries to one upstream within one event-loop turn go out together on one socket of the ring, picked at
 * random for that turn (one sendmmsg, and their answers come back to one socket); a socket is replaced after
 * {@code queriesPerSocket} queries or {@code socketLifetime}, so the ports in use keep changing, and closed once
 * its last answer is in.
 *
 * <p>Opening a socket per query cost about ten times dnsmasq's CPU per forwarded query; a connected socket still
 * drops datagrams from other peers in the kernel and reports ICMP port-unreachable at once.
 *
 * <p>Everything about one ring happens on its event loop: no locks.
 */
final class UdpExchange implements Exchange {
    static final int SOCKETS_PER_UPSTREAM = 32;
    static final int QUERIES_PER_SOCKET = 1024;
    static final long SOCKET_LIFETIME_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final NettyTransport transport;
    private final int socketsPerUpstream;
    private final int queriesPerSocket;
    private final long socketLifetimeNanos;
    private final ConcurrentHashMap<EventLoop, LoopSockets> loops = new ConcurrentHashMap<>();
    private volatile boolean closed;

    UdpExchange(NettyTransport transport) {
        this(transport, SOCKETS_PER_UPSTREAM, QUERIES_PER_SOCKET, SOCKET_LIFETIME_NANOS);
    }

    UdpExchange(NettyTransport transport, int socketsPerUpstream, int queriesPerSocket, long socketLifetimeNanos) {
        this.transport = transport;
        this.socketsPerUpstream = socketsPerUpstream;
        this.queriesPerSocket = queriesPerSocket;
        this.socketLifetimeNanos = socketLifetimeNanos;
    }

    @Override
    public CompletableFuture<Message> exchange(EventLoop loop, InetSocketAddress upstream, byte[] wire,
                                               ResponseValidator validator, long timeoutNanos) {
        CompletableFuture<Message> answer = new CompletableFuture<>();
        if (loop.inEventLoop()) {
            send(loop, upstream, wire, validator, timeoutNanos, answer);
        } else {
            try {
                loop.execute(() -> send(loop, upstream, wire, validator, timeoutNanos, answer));
            } catch (RejectedExecutionException e) {
                answer.completeExceptionally(new IOException("event loop shut down", e));
            }
        }
        return answer;
    }

    private void send(EventLoop loop, InetSocketAddress upstream, byte[] wire, ResponseValidator validator,
                      long timeoutNanos, CompletableFuture<Message> answer) {
        if (closed) {
            answer.completeExceptionally(new IOException("UDP sockets to " + Upstream.hostPort(upstream) + " closed"));
            return;
        }
        LoopSockets sockets = loops.get(loop);
        if (sockets == null) {
            sockets = loops.computeIfAbsent(loop, unused -> new LoopSockets());
        }
        Ring ring = sockets.rings.get(upstream);
        if (ring == null) {
            ring = new Ring(upstream);
            sockets.rings.put(upstream, ring);
        }
        UdpSocket socket = ring.pick(loop, validator.id());
        if (socket == null) {
            answer.completeExceptionally(new IOException("query ID " + validator.id() + " already in flight on every "
                    + "socket to " + Upstream.hostPort(upstream)));
            return;
        }
        socket.send(wire, validator, timeoutNanos, answer);
    }

    /** Closes every socket; queries still waiting fail. */
    @Override
    public void close() {
        closed = true;
        loops.forEach((loop, sockets) -> {
            try {
                loop.execute(() -> sockets.rings.values().forEach(Ring::close));
            } catch (RejectedExecutionException e) {
                // the loop is gone, and its channels with it
            }
        });
    }

    /** Sockets currently open, for tests. */
    int openSockets() {
        int open = 0;
        for (LoopSockets sockets : loops.values()) {
            for (Ring ring : sockets.rings.values()) {
                for (UdpSocket socket : ring.slots) {
                    if (socket != null && socket.isOpen()) {
                        open++;
                    }
                }
            }
        }
        return open;
    }

    /** What one event loop holds: its rings by upstream. Touched only on that loop. */
    private static final class LoopSockets {
        final Map<InetSocketAddress, Ring> rings = new HashMap<>();
    }

    /** The sockets to one upstream from one event loop. */
    private final class Ring {
        private final InetSocketAddress upstream;
        private final UdpSocket[] slots;
        private UdpSocket turnSocket;
        private long turn = -1;
        private long turnStarted;

        Ring(InetSocketAddress upstream) {
            this.upstream = upstream;
            this.slots = new UdpSocket[socketsPerUpstream];
        }

        /**
         * The socket of this turn when it can take {@code id}; else a random usable socket without {@code id} in
         * flight, replacing a worn-out one on the way; null if none.
         */
        UdpSocket pick(EventLoop loop, int id) {
            UdpSocket socket = turnSocket;
            if (turn == TurnFlusher.turn() && socket != null
                    && socket.usable(queriesPerSocket, socketLifetimeNanos, turnStarted) && !socket.hasPending(id)) {
                return socket;
            }
            turnStarted = System.nanoTime(); // the clock is read once per turn, not per query
            socket = pickRandom(loop, id, turnStarted);
            turnSocket = socket;
            turn = TurnFlusher.turn();
            return socket;
        }

        private UdpSocket pickRandom(EventLoop loop, int id, long now) {
            int start = ThreadLocalRandom.current().nextInt(slots.length);
            for (int i = 0; i < slots.length; i++) {
                int index = (start + i) % slots.length;
                UdpSocket socket = slots[index];
                if (socket == null || !socket.usable(queriesPerSocket, socketLifetimeNanos, now)) {
                    if (socket != null) {
                        socket.retire();
                    }
                    socket = UdpSocket.open(loop, transport, upstream);
                    slots[index] = socket;
                }
                if (!socket.hasPending(id)) {
                    return socket;
                }
            }
            return null;
        }

        void close() {
            List<UdpSocket> all = new ArrayList<>();
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] != null) {
                    all.add(slots[i]);
                    slots[i] = null;
                }
            }
            all.forEach(UdpSocket::close);
        }
    }
}
