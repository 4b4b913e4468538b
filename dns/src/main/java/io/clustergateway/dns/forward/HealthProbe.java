package io.clustergateway.dns.forward;

import io.clustergateway.dns.DnsListener;
import io.clustergateway.dns.UpstreamFailure;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the health of a pool's upstreams, CoreDNS forward's way: counts what the queries' tries saw, and watches
 * every upstream from its first use on in the background, so that health does not wait for clients. A watched
 * upstream is probed with {@code . IN NS} every probe interval once it has failed, until it answers (any answer,
 * whatever its rcode, proves it alive), and once per quiet interval while it is healthy but answered nothing.
 * It goes down after its tolerated failures plus one and comes back up on its first answer; each transition is
 * logged once and reported to the listener.
 *
 * <p>Watching starts on first use (a client query or {@link #check}), not at creation: a pool made for a
 * configured server nobody needs sends it nothing.
 */
final class HealthProbe {
    private static final Logger LOG = LoggerFactory.getLogger(HealthProbe.class);
    private static final ForwardedQuery PROBE = ForwardedQuery.probe();

    private final String pool;
    private final EventLoopGroup group;
    private final Exchange udp;
    private final long intervalNanos;
    private final long quietNanos;
    private final LongSupplier clock;
    private final DnsListener listener;
    private volatile boolean closed;

    HealthProbe(String pool, EventLoopGroup group, Exchange udp, ForwardSettings settings, DnsListener listener) {
        this.pool = pool;
        this.group = group;
        this.udp = udp;
        this.intervalNanos = settings.probeInterval().toNanos();
        this.quietNanos = settings.quietInterval().toNanos();
        this.clock = settings.nanoClock();
        this.listener = listener;
    }

    /** A query's try or a probe got an answer: the upstream is alive. */
    void answered(Upstream upstream, long rttNanos) {
        if (upstream.answered(rttNanos)) {
            LOG.info("upstream {} of {} answers again; back in rotation", upstream, pool);
            report(upstream, true, null);
        }
    }

    /** A query's try or a probe failed: one more failure; the one that takes it down is logged. */
    void failed(Upstream upstream, Throwable error) {
        UpstreamFailure why = UpstreamFailure.of(error);
        int failures = upstream.failed(why);
        LOG.debug("{} ({}) failed {} time(s) in a row: {}", upstream, pool, failures, error.toString());
        if (upstream.wentDownAt(failures)) {
            LOG.warn("upstream {} of {} is down after {} failures ({}); probing it every {}ms", upstream, pool,
                    failures, why.word(), TimeUnit.NANOSECONDS.toMillis(intervalNanos));
            report(upstream, false, why);
        }
    }

    /** Starts the background health loop of {@code upstream} unless one runs. */
    void watch(Upstream upstream) {
        if (!closed && upstream.startWatching()) {
            schedule(upstream);
        }
    }

    void close() {
        closed = true;
    }

    /**
     * Asks {@code upstream} once, now, and watches it from then on: lets a readiness check learn that a server
     * died, or never lived, before a client finds out.
     */
    CompletableFuture<Void> check(Upstream upstream, long timeoutNanos) {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        watch(upstream);
        CompletableFuture<Void> done = new CompletableFuture<>();
        EventLoop loop = group.next();
        try {
            loop.execute(() -> probe(upstream, loop, timeoutNanos).whenComplete((ignored, error) -> done.complete(null)));
        } catch (RejectedExecutionException e) {
            done.complete(null); // the group is shutting down
        }
        return done;
    }

    private void schedule(Upstream upstream) {
        EventLoop loop = group.next();
        try {
            loop.schedule(() -> tick(upstream, loop), intervalNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the group is shutting down, and the pool with it
        }
    }

    /** One beat of the loop: probe when it failed lately or said nothing for the quiet interval, then again. */
    private void tick(Upstream upstream, EventLoop loop) {
        if (closed) {
            return;
        }
        if (!upstream.hasFailed() && upstream.answeredWithin(quietNanos)) {
            schedule(upstream);
            return;
        }
        probe(upstream, loop, intervalNanos).whenComplete((ignored, error) -> schedule(upstream));
    }

    private CompletableFuture<Void> probe(Upstream upstream, EventLoop loop, long timeoutNanos) {
        int id = ForwardedQuery.randomId();
        ResponseValidator validator = new ResponseValidator(upstream.address(), id, PROBE.question());
        long started = clock.getAsLong();
        return udp.exchange(loop, upstream.address(), PROBE.withId(id), validator, timeoutNanos)
                .handle((answer, error) -> {
                    if (closed) {
                        return null;
                    }
                    if (answer != null) {
                        answered(upstream, clock.getAsLong() - started);
                    } else {
                        failed(upstream, error);
                    }
                    return null;
                });
    }

    private void report(Upstream upstream, boolean healthy, UpstreamFailure why) {
        try {
            listener.onUpstreamHealth(pool, upstream.address(), healthy, Optional.ofNullable(why));
        } catch (RuntimeException e) {
            LOG.warn("DnsListener.onUpstreamHealth failed", e);
        }
    }
}
