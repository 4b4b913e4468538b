package io.clustergateway.gateway.bgp;

import io.clustergateway.routing.bgp.BgpSessionStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the announcer knows at one moment, swapped whole so readers never see half an update.
 *
 * @param speakerError the last failure starting, configuring or reading BIRD, until one succeeds again
 * @param restarts     how often BIRD died and was started again
 */
public record BgpStatus(boolean speakerRunning, Optional<Long> speakerPid, long restarts, Optional<String> speakerError,
                        List<BgpSessionStatus> sessions, BgpPlan plan, Map<String, PathState> paths,
                        Optional<Instant> lastCheck) {
    public BgpStatus {
        sessions = List.copyOf(sessions);
        paths = Map.copyOf(paths);
    }

    static BgpStatus initial() {
        return new BgpStatus(false, Optional.empty(), 0, Optional.empty(), List.of(), new BgpPlan(List.of(), List.of()),
                Map.of(), Optional.empty());
    }

    public long establishedSessions() {
        return sessions.stream().filter(BgpSessionStatus::established).count();
    }
}
