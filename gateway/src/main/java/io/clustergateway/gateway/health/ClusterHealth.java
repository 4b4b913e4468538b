package io.clustergateway.gateway.health;

import io.clustergateway.dns.UpstreamFailure;
import io.clustergateway.dns.UpstreamStatus;
import io.clustergateway.gateway.config.Addresses;
import io.clustergateway.gateway.model.EffectiveCluster;
import io.quarkus.qute.TemplateData;
import java.util.List;

/** A cluster's DNS health: up while at least one of its DNS servers answers the forwarder's probes. */
@TemplateData
public record ClusterHealth(String cluster, boolean up, List<ServerHealth> servers) {

    @TemplateData
    /** @param lastFailure "timeout", "refused" or "unreachable": why it failed last; null if it never failed */
    public record ServerHealth(String server, boolean healthy, int consecutiveFailures, Double lastRttMillis,
                               String lastFailure) {
        static ServerHealth of(UpstreamStatus status) {
            return new ServerHealth(Addresses.format(status.address()), status.healthy(), status.consecutiveFailures(),
                    status.lastRtt().map(rtt -> rtt.toNanos() / 1_000_000.0).orElse(null),
                    status.lastFailure().map(UpstreamFailure::word).orElse(null));
        }

        /** "down (timeout)" for the status page. */
        public String state() {
            return healthy ? "healthy" : lastFailure == null ? "down" : "down (" + lastFailure + ")";
        }

        /** "0.4 ms", or empty before the first answer. */
        public String rtt() {
            return lastRttMillis == null ? "" : String.format(java.util.Locale.ROOT, "%.1f ms", lastRttMillis);
        }

        /** "127.0.0.21:5353 healthy (0.4 ms)" for health data and the status page. */
        public String describe() {
            return server + (healthy ? " healthy" : " down (" + consecutiveFailures + " failures"
                    + (lastFailure == null ? "" : ", " + lastFailure) + ")")
                    + (lastRttMillis == null ? "" : " (last rtt " + rtt() + ")");
        }
    }

    public static ClusterHealth of(EffectiveCluster cluster, List<UpstreamStatus> all) {
        String pool = "cluster:" + cluster.name();
        List<ServerHealth> servers = all.stream().filter(s -> s.pool().equals(pool)).map(ServerHealth::of).toList();
        return new ClusterHealth(cluster.name(), servers.stream().anyMatch(ServerHealth::healthy), servers);
    }

    public String state() {
        return up ? "up" : "down";
    }
}
