package io.clustergateway.dns.forward;

import io.clustergateway.dns.DnsListener;
import io.clustergateway.dns.UpstreamStatus;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/** Forwards over Netty with failover between its upstreams; see {@link UpstreamPool}. */
final class DefaultUpstreamPool implements UpstreamPool {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultUpstreamPool.class);

    private final String name;
    private final List<Upstream> upstreams;
    private final ForwardSettings settings;
    private final EventLoopGroup group;
    private final DnsListener listener;
    private final Exchange udp;
    private final Exchange tcp;
    private final SelectionPolicy policy;
    private final HealthProbe probe;
    private volatile boolean closed;

    DefaultUpstreamPool(String name, List<InetSocketAddress> servers, ForwardSettings settings, EventLoopGroup group,
                        DnsListener listener, Exchange udp, Exchange tcp, SelectionPolicy policy) {
        this.name = name;
        this.upstreams = servers.stream()
                .map(address -> new Upstream(address, settings.maxFails(), settings.nanoClock())).toList();
        this.settings = settings;
        this.group = group;
        this.listener = listener;
        this.udp = udp;
        this.tcp = tcp;
        this.policy = policy;
        this.probe = new HealthProbe(name, group, udp, settings.probeInterval().toNanos(), settings.nanoClock());
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
        ForwardedQuery forwarded;
        try {
            forwarded = ForwardedQuery.of(query, settings.ednsUdpSize());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        EventLoop loop = currentOrNextLoop();
        PoolQuery poolQuery = new PoolQuery(this, forwarded, query.getHeader().getID(), deadlineNanos, loop);
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

    List<Upstream> tryOrder() {
        return policy.order(upstreams);
    }

    long now() {
        return settings.nanoClock().getAsLong();
    }

    long perTryNanos() {
        return settings.perTryTimeout().toNanos();
    }

    /**
     * One try at one upstream: UDP, and TCP to the same upstream when the UDP answer is truncated; asked once more
     * without EDNS when it answers FORMERR or NOTIMP to our OPT (RFC 6891 section 7). A failed retry still leaves
     * the first answer (a truncated one lets the client retry over TCP itself). Counts toward health.
     */
    CompletableFuture<Message> ask(EventLoop loop, Upstream upstream, ForwardedQuery forwarded, long timeoutNanos,
                                   long deadlineNanos) {
        long started = now();
        return exchange(loop, upstream, forwarded, timeoutNanos, deadlineNanos)
                .thenCompose(answer -> {
                    if (!forwarded.hasEdns() || !rejectsEdns(answer)) {
                        return CompletableFuture.completedFuture(answer);
                    }
                    long left = Math.min(perTryNanos(), deadlineNanos - now());
                    if (left <= 0) {
                        return CompletableFuture.completedFuture(answer);
                    }
                    LOG.debug("{} answered {} to EDNS; asking again without", upstream, Rcode.string(answer.getRcode()));
                    return exchange(loop, upstream, forwarded.withoutEdns(), left, deadlineNanos)
                            .handle((plain, error) -> plain != null ? plain : answer);
                })
                .whenComplete((answer, error) -> record(upstream, now() - started, error));
    }

    private CompletableFuture<Message> exchange(EventLoop loop, Upstream upstream, ForwardedQuery forwarded,
                                                long timeoutNanos, long deadlineNanos) {
        int id = ForwardedQuery.randomId();
        byte[] wire = forwarded.withId(id);
        ResponseValidator validator = new ResponseValidator(upstream.address(), id, forwarded.question());
        return udp.exchange(loop, upstream.address(), wire, validator, timeoutNanos)
                .thenCompose(answer -> {
                    if (!answer.getHeader().getFlag(Flags.TC)) {
                        return CompletableFuture.completedFuture(answer);
                    }
                    long left = Math.min(perTryNanos(), deadlineNanos - now());
                    if (left <= 0) {
                        return CompletableFuture.completedFuture(answer);
                    }
                    LOG.debug("truncated answer from {} for {}; asking again over TCP", upstream,
                            ResponseValidator.describe(forwarded.question()));
                    return tcp.exchange(loop, upstream.address(), wire, validator, left)
                            .handle((whole, error) -> whole != null ? whole : answer);
                });
    }

    private static boolean rejectsEdns(Message answer) {
        return (answer.getRcode() == Rcode.FORMERR || answer.getRcode() == Rcode.NOTIMP) && answer.getOPT() == null;
    }

    private void record(Upstream upstream, long nanos, Throwable error) {
        if (error == null) {
            upstream.answered(nanos);
        } else {
            int failures = upstream.failed();
            LOG.debug("{} ({}) failed {} time(s) in a row: {}", upstream, name, failures, error.toString());
            if (upstream.isDown()) {
                if (failures == settings.maxFails() + 1) {
                    LOG.warn("upstream {} of {} is down after {} failures; probing it every {}ms", upstream, name,
                            failures, settings.probeInterval().toMillis());
                }
                probe.watch(upstream);
            }
        }
        try {
            listener.onUpstream(name, upstream.address(), nanos, error == null);
        } catch (RuntimeException e) {
            LOG.warn("DnsListener.onUpstream failed", e);
        }
    }

    static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
