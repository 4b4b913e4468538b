package io.clustergateway.gateway.bgp;

import java.time.Instant;

/**
 * What this gateway believes about its path to one cluster, with hysteresis: a path that was up goes down after
 * {@link #DOWN_AFTER} failed probes in a row, and comes back after {@link #UP_AFTER} good ones, so one lost
 * packet neither withdraws a cluster nor does a flapping link announce it every other second.
 *
 * @param up     whether the cluster's prefixes may be announced
 * @param reason why not, when down ({@code via 192.168.1.10 unreachable}); or the last problem seen while up
 * @param since  when {@code up} last changed
 * @param streak probes in a row that disagree with {@code up}
 */
public record PathState(boolean up, boolean checked, String reason, Instant since, int streak) {
    static final int DOWN_AFTER = 2;
    static final int UP_AFTER = 2;

    static PathState unchecked(Instant now) {
        return new PathState(false, false, "not checked yet", now, 0);
    }

    /** The state after one more probe; the first probe decides alone, since nothing was announced before it. */
    PathState after(ProbeResult result, Instant now) {
        if (!checked) {
            return new PathState(result.reachable(), true, result.reachable() ? "" : result.problem(), now, 0);
        }
        if (result.reachable() == up) {
            return new PathState(up, true, up ? "" : reason, since, 0);
        }
        int disagreeing = streak + 1;
        int needed = up ? DOWN_AFTER : UP_AFTER;
        if (disagreeing >= needed) {
            return new PathState(!up, true, result.reachable() ? "" : result.problem(), now, 0);
        }
        return new PathState(up, true, up ? result.problem() : reason, since, disagreeing);
    }
}
