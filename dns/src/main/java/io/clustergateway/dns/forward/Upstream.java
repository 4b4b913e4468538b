package io.clustergateway.dns.forward;

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
    private final AtomicBoolean probing = new AtomicBoolean();
    private final LongSupplier clock;
    private volatile long lastRttNanos = -1;
    private volatile boolean everAnswered;
    private volatile long lastAnsweredAt;

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

    void answered(long rttNanos) {
        lastRttNanos = rttNanos;
        lastAnsweredAt = clock.getAsLong();
        everAnswered = true;
        failures.set(0);
    }

    /** Whether it answered anything (a query or a probe) in the last {@code nanos}. */
    boolean answeredWithin(long nanos) {
        return everAnswered && clock.getAsLong() - lastAnsweredAt <= nanos;
    }

    /** Returns the failures in a row so far. */
    int failed() {
        return failures.updateAndGet(n -> n == Integer.MAX_VALUE ? n : n + 1);
    }

    /** Claims the single probe loop of this upstream; false when one already runs. */
    boolean startProbing() {
        return probing.compareAndSet(false, true);
    }

    void stopProbing() {
        probing.set(false);
    }

    UpstreamStatus status(String pool) {
        long rtt = lastRttNanos;
        return new UpstreamStatus(pool, address, !isDown(), failures.get(),
                rtt < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(rtt)));
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
