package io.clustergateway.dns.forward;

import io.clustergateway.dns.UpstreamFailure;
import io.clustergateway.dns.UpstreamStatus;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/** One server of a pool and its health: a failure counter reset by any answer (CoreDNS forward's proxy). */
final class Upstream {
    private final InetSocketAddress address;
    private final int maxFails;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicBoolean watched = new AtomicBoolean();
    private final LongSupplier clock;
    private volatile long lastRttNanos = -1;
    private volatile boolean everAnswered;
    private volatile long lastAnsweredAt;
    private volatile UpstreamFailure lastFailure;

    Upstream(InetSocketAddress address, int maxFails) {
        this(address, maxFails, System::nanoTime);
    }

    Upstream(InetSocketAddress address, int maxFails, LongSupplier clock) {
        this.address = address;
        this.maxFails = maxFails;
        this.clock = clock;
    }

    InetSocketAddress address() {
        return address;
    }

    boolean isDown() {
        return failures.get() > maxFails;
    }

    /** Returns whether this answer brought it back up (it was down). */
    boolean answered(long rttNanos) {
        lastRttNanos = rttNanos;
        lastAnsweredAt = clock.getAsLong();
        everAnswered = true;
        return failures.getAndSet(0) > maxFails;
    }

    /** Whether it answered anything (a query or a probe) in the last {@code nanos}. */
    boolean answeredWithin(long nanos) {
        return everAnswered && clock.getAsLong() - lastAnsweredAt <= nanos;
    }

    boolean hasFailed() {
        return failures.get() > 0;
    }

    /** Returns the failures in a row so far; exactly one call sees the count at which it goes down. */
    int failed(UpstreamFailure why) {
        lastFailure = why;
        return failures.updateAndGet(n -> n == Integer.MAX_VALUE ? n : n + 1);
    }

    /** Whether {@code failures} (returned by {@link #failed}) is the one that took it down. */
    boolean wentDownAt(int failures) {
        return failures == maxFails + 1;
    }

    /** Why it failed last, whether or not it answered since. */
    Optional<UpstreamFailure> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /** Claims the single health loop of this upstream; false when one already runs. */
    boolean startWatching() {
        return watched.compareAndSet(false, true);
    }

    UpstreamStatus status(String pool) {
        long rtt = lastRttNanos;
        return new UpstreamStatus(pool, address, !isDown(), failures.get(),
                rtt < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(rtt)), lastFailure());
    }

    String hostPort() {
        return hostPort(address);
    }

    static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    @Override
    public String toString() {
        return hostPort();
    }
}
