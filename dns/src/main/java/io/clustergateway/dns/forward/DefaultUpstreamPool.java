package io.clustergateway.dns.forward;

import io.clustergateway.dns.DnsListener;
import io.clustergateway.dns.UpstreamFailure;
import io.clustergateway.dns.UpstreamStatus;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.xbill.DNS.Message;

/** Forwards over Netty with failover between its upstreams; see {@link UpstreamPool}. */
final class DefaultUpstreamPool implements UpstreamPool {
    private final String name;
    private final List<Upstream> upstreams;
    private final String label;
    private final ForwardSettings settings;
    private final EventLoopGroup group;
    private final Exchange udp;
    private final Exchange tcp;
    private final SelectionPolicy policy;
    private final HealthProbe probe;
    private final UpstreamAttempt attempt;
    private volatile boolean closed;
    private volatile boolean watched;

    DefaultUpstreamPool(String name, List<InetSocketAddress> servers, ForwardSettings settings, EventLoopGroup group,
                        DnsListener listener, Exchange udp, Exchange tcp, SelectionPolicy policy) {
        this.name = name;
        this.upstreams = servers.stream()
                .map(address -> new Upstream(address, settings.maxFails(), settings.nanoClock())).toList();
        this.label = name + " " + upstreams.stream().map(Upstream::hostPort).toList();
        this.settings = settings;
        this.group = group;
        this.udp = udp;
        this.tcp = tcp;
        this.policy = policy;
        this.probe = new HealthProbe(name, group, udp, settings, listener);
        this.attempt = new UpstreamAttempt(name, udp, tcp, settings, probe, listener);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<InetSocketAddress> servers() {
        return upstreams.stream().map(Upstream::address).toList();
    }

    @Override
    public CompletableFuture<Message> query(Message query, long deadlineNanos) {
        if (closed) {
            return CompletableFuture.failedFuture(new UpstreamUnavailableException("pool " + name + " is closed"));
        }
        if (!watched) {
            watched = true;
            upstreams.forEach(probe::watch); // from its first query on, the pool's health no longer waits for clients
        }
        Upstream known = knownDown();
        if (known != null) {
            // every server is down and probed in the background: waiting for one would only cost the client the
            // timeout (and a stale answer its promptness); the probe brings the pool back on the first answer
            return CompletableFuture.failedFuture(new UpstreamUnavailableException("every server of " + label
                    + " is down (last: " + known + " " + known.lastFailure().map(UpstreamFailure::word).orElse("failed")
                    + ")", known.lastFailure().orElse(UpstreamFailure.UNREACHABLE)));
        }
        ForwardedQuery forwarded;
        try {
            forwarded = ForwardedQuery.of(query, settings.ednsUdpSize());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        EventLoop loop = currentOrNextLoop();
        PoolQuery poolQuery = new PoolQuery(label, attempt, policy.order(upstreams), forwarded,
                query.getHeader().getID(), deadlineNanos, loop);
        if (loop.inEventLoop()) {
            poolQuery.start();
        } else {
            try {
                loop.execute(poolQuery::start);
            } catch (RejectedExecutionException e) {
                return CompletableFuture.failedFuture(
                        new UpstreamUnavailableException("pool " + name + ": event loop shut down", e));
            }
        }
        return poolQuery.result();
    }

    /** One of the servers when every server is down, else null (also for a pool without servers). */
    private Upstream knownDown() {
        for (Upstream upstream : upstreams) {
            if (!upstream.isDown()) {
                return null;
            }
        }
        return upstreams.isEmpty() ? null : upstreams.get(upstreams.size() - 1);
    }

    @Override
    public CompletableFuture<Void> checkQuiet(Duration quietFor, Duration timeout) {
        long quietNanos = quietFor.toNanos();
        CompletableFuture<?>[] checks = upstreams.stream()
                .filter(upstream -> !upstream.answeredWithin(quietNanos))
                .map(upstream -> probe.check(upstream, timeout.toNanos()))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(checks);
    }

    @Override
    public List<UpstreamStatus> status() {
        return upstreams.stream().map(upstream -> upstream.status(name)).toList();
    }

    @Override
    public void close() {
        closed = true;
        probe.close();
        udp.close();
        tcp.close();
    }

    /** Stays on the caller's loop when it is one of ours (the usual case: a listener's channel), saving a hop. */
    private EventLoop currentOrNextLoop() {
        for (EventExecutor executor : group) {
            if (executor instanceof EventLoop loop && loop.inEventLoop()) {
                return loop;
            }
        }
        return group.next();
    }
}
