package io.clustergateway.dns.forward;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How a pool forwards (CoreDNS forward is the model).
 *
 * @param ednsUdpSize   UDP payload size we advertise upstream in our own OPT record (1232 avoids IP fragmentation,
 *                      DNS flag day 2020); 0 sends no OPT at all
 * @param probeInterval how often a down upstream is probed with {@code . IN NS}
 * @param maxFails      consecutive failures tolerated; one more and the upstream is down
 * @param perTryTimeout how long one upstream gets before the next is tried (never beyond the query's deadline)
 * @param nanoClock     {@link System#nanoTime()}-like clock that deadlines are measured on
 */
public record ForwardSettings(int ednsUdpSize, Duration probeInterval, int maxFails, Duration perTryTimeout,
                              LongSupplier nanoClock) {
    public ForwardSettings {
        Objects.requireNonNull(probeInterval, "probeInterval");
        Objects.requireNonNull(perTryTimeout, "perTryTimeout");
        Objects.requireNonNull(nanoClock, "nanoClock");
        if (ednsUdpSize != 0 && (ednsUdpSize < 512 || ednsUdpSize > 65535)) {
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
    }

    /** 1232-byte EDNS, probe every 500ms, down after 2 failures, 700ms per try, the system clock. */
    public static ForwardSettings defaults() {
        return new ForwardSettings(1232, Duration.ofMillis(500), 2, Duration.ofMillis(700), System::nanoTime);
    }

    public ForwardSettings withEdnsUdpSize(int size) {
        return new ForwardSettings(size, probeInterval, maxFails, perTryTimeout, nanoClock);
    }

    public ForwardSettings withPerTryTimeout(Duration timeout) {
        return new ForwardSettings(ednsUdpSize, probeInterval, maxFails, timeout, nanoClock);
    }

    public ForwardSettings withProbeInterval(Duration interval) {
        return new ForwardSettings(ednsUdpSize, interval, maxFails, perTryTimeout, nanoClock);
    }

    public ForwardSettings withMaxFails(int fails) {
        return new ForwardSettings(ednsUdpSize, probeInterval, fails, perTryTimeout, nanoClock);
    }
}
