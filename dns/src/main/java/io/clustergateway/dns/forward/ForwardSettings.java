package io.clustergateway.dns.forward;

import io.clustergateway.dns.wire.Wire;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How a pool forwards (CoreDNS forward is the model).
 *
 * @param ednsUdpSize   UDP payload size we advertise upstream in our own OPT record (1232 avoids IP fragmentation,
 *                      DNS flag day 2020); 0 sends no OPT at all
 * @param probeInterval how often an upstream that failed is probed with {@code . IN NS} (also the probe's timeout)
 * @param maxFails      consecutive failures tolerated; one more and the upstream is down
 * @param perTryTimeout how long one upstream gets before the next is tried (never beyond the query's deadline)
 * @param nanoClock     {@link System#nanoTime()}-like clock that deadlines are measured on
 * @param quietInterval how long a healthy upstream may answer nothing (no query, no probe) before it is probed
 */
public record ForwardSettings(int ednsUdpSize, Duration probeInterval, int maxFails, Duration perTryTimeout,
                              LongSupplier nanoClock, Duration quietInterval) {
    public ForwardSettings {
        Objects.requireNonNull(probeInterval, "probeInterval");
        Objects.requireNonNull(perTryTimeout, "perTryTimeout");
        Objects.requireNonNull(nanoClock, "nanoClock");
        Objects.requireNonNull(quietInterval, "quietInterval");
        if (ednsUdpSize != 0 && (ednsUdpSize < Wire.PLAIN_UDP_SIZE || ednsUdpSize > Wire.MAX_MESSAGE)) {
            throw new IllegalArgumentException("ednsUdpSize must be 0 (no EDNS) or 512..65535; got " + ednsUdpSize);
        }
        if (maxFails < 0) {
            throw new IllegalArgumentException("maxFails must be >= 0; got " + maxFails);
        }
        if (probeInterval.isNegative() || probeInterval.isZero()) {
            throw new IllegalArgumentException("probeInterval must be positive; got " + probeInterval);
        }
        if (perTryTimeout.isNegative() || perTryTimeout.isZero()) {
            throw new IllegalArgumentException("perTryTimeout must be positive; got " + perTryTimeout);
        }
        if (quietInterval.compareTo(probeInterval) < 0) {
            throw new IllegalArgumentException("quietInterval must be at least probeInterval " + probeInterval
                    + "; got " + quietInterval);
        }
    }

    /**
     * 1232-byte EDNS, probe every 500ms after a failure, down after 2 failures (CoreDNS forward's figures), 700ms per
     * try, a quiet healthy upstream probed after 2s, the system clock.
     */
    public static ForwardSettings defaults() {
        return new ForwardSettings(Wire.EDNS_UDP_SIZE, Duration.ofMillis(500), 1, Duration.ofMillis(700), System::nanoTime,
                Duration.ofSeconds(2));
    }

    public ForwardSettings withEdnsUdpSize(int size) {
        return new ForwardSettings(size, probeInterval, maxFails, perTryTimeout, nanoClock, quietInterval);
    }

    public ForwardSettings withPerTryTimeout(Duration timeout) {
        return new ForwardSettings(ednsUdpSize, probeInterval, maxFails, timeout, nanoClock, quietInterval);
    }

    /** Raises the quiet interval to {@code interval} when it was shorter. */
    public ForwardSettings withProbeInterval(Duration interval) {
        return new ForwardSettings(ednsUdpSize, interval, maxFails, perTryTimeout, nanoClock,
                quietInterval.compareTo(interval) < 0 ? interval : quietInterval);
    }

    public ForwardSettings withMaxFails(int fails) {
        return new ForwardSettings(ednsUdpSize, probeInterval, fails, perTryTimeout, nanoClock, quietInterval);
    }

    public ForwardSettings withQuietInterval(Duration interval) {
        return new ForwardSettings(ednsUdpSize, probeInterval, maxFails, perTryTimeout, nanoClock, interval);
    }
}
