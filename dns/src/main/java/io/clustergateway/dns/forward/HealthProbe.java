package io.clustergateway.dns.forward;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the health of a pool's upstreams: counts what the queries' tries saw, and brings down upstreams back
 * (CoreDNS forward's health check): while an upstream is down, a {@code . IN NS} query
 * goes to it every interval, scheduled on the event loop; any answer, whatever its rcode, proves it alive and
 * resets its failures, which ends the probing.
 */
final class HealthProbe {
    private static final Logger LOG = LoggerFactory.getLogger(HealthProbe.class);
    private static final ForwardedQuery PROBE = ForwardedQuery.probe();

    private final String pool;
    private final EventLoopGroup group;
    private final Exchange udp;
    private final long intervalNanos;
    private final int maxFails;
    private final LongSupplier clock;
    private volatile boolean closed;

    HealthProbe(String pool, EventLoopGroup group, Exchange udp, ForwardSettings settings) {
        this.pool = pool;
        this.group = group;
        this.udp = udp;
        this.intervalNanos = settings.probeInterval().toNanos();
        this.maxFails = settings.maxFails();
        this.clock = settings.nanoClock();
    }

    /** A query's try got an answer: the upstream is alive. */
    void answered(Upstream upstream, long rttNanos) {
        upstream.answered(rttNanos);
    }

    /** A query's try failed: one more failure, and the probe loop once that makes the upstream down. */
    void failed(Upstream upstream, Throwable error) {
        int failures = upstream.failed();
        LOG.debug("{} ({}) failed {} time(s) in a row: {}", upstream, pool, failures, error.toString());
        if (upstream.isDown()) {
            if (failures == maxFails + 1) {
                LOG.warn("upstream {} of {} is down after {} failures; probing it every {}ms", upstream, pool,
                        failures, TimeUnit.NANOSECONDS.toMillis(intervalNanos));
            }
            watch(upstream);
        }
    }

    /** Starts probing {@code upstream} unless it is up or already probed. */
    void watch(Upstream upstream) {
        if (!closed && upstream.isDown() && upstream.startProbing()) {
            schedule(upstream);
        }
    }

    void close() {
        closed = true;
    }

    /**
     * Asks {@code upstream} once, now: an answer counts as one, silence as a failure (which starts the probe loop
     * once it is down). Lets a quiet pool learn that a server died, or never lived, before a client finds out.
     */
    CompletableFuture<Void> check(Upstream upstream, long timeoutNanos) {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        EventLoop loop = group.next();
        int id = ForwardedQuery.randomId();
        ResponseValidator validator = new ResponseValidator(upstream.address(), id, PROBE.question());
        long started = clock.getAsLong();
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            loop.execute(() -> udp.exchange(loop, upstream.address(), PROBE.withId(id), validator, timeoutNanos)
                    .whenComplete((answer, error) -> {
                        if (answer != null) {
                            upstream.answered(clock.getAsLong() - started);
                        } else {
                            upstream.failed();
                            LOG.debug("check of {} ({}) failed: {}", upstream, pool, String.valueOf(error));
                            watch(upstream);
                        }
                        done.complete(null);
                    }));
        } catch (RejectedExecutionException e) {
            done.complete(null); // the group is shutting down
        }
        return done;
    }

    private void schedule(Upstream upstream) {
        EventLoop loop = group.next();
        try {
            loop.schedule(() -> probe(upstream, loop), intervalNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            upstream.stopProbing(); // the group is shutting down
        }
    }

    private void probe(Upstream upstream, EventLoop loop) {
        if (closed || !upstream.isDown()) {
            upstream.stopProbing();
            return;
        }
        int id = ForwardedQuery.randomId();
        ResponseValidator validator = new ResponseValidator(upstream.address(), id, PROBE.question());
        long started = clock.getAsLong();
        udp.exchange(loop, upstream.address(), PROBE.withId(id), validator, intervalNanos)
                .whenComplete((answer, error) -> {
                    if (answer != null) {
                        upstream.answered(clock.getAsLong() - started);
                        upstream.stopProbing();
                        LOG.info("upstream {} of {} answers again; back in rotation", upstream, pool);
                    } else {
                        LOG.debug("probe of {} ({}) failed: {}", upstream, pool, error.toString());
                        schedule(upstream);
                    }
                });
    }
}
