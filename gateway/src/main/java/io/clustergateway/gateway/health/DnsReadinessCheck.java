package io.clustergateway.gateway.health;

import io.clustergateway.dns.UpstreamStatus;
import io.clustergateway.gateway.config.Addresses;
import io.clustergateway.gateway.dns.GatewayDns;
import io.clustergateway.gateway.model.CurrentModel;
import io.clustergateway.gateway.model.EffectiveCluster;
import io.clustergateway.gateway.model.GatewayModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when every DNS listener is bound AND every cluster has at least one healthy DNS server: a gateway that
 * cannot answer one cluster's names gives laptops NXDOMAIN/SERVFAIL for them, so a load balancer or a
 * Kubernetes readiness gate should prefer another instance. The data says which part is down:
 * {@code listeners}, each cluster ({@code old: up}) and its servers ({@code old.servers}).
 * The default upstreams are shown but do not decide readiness: serve-stale and the clusters still work without them.
 */
@Readiness
@ApplicationScoped
public class DnsReadinessCheck implements HealthCheck {
    /** A cluster DNS server that answered nothing for this long is asked once before readiness is decided. */
    private static final Duration QUIET_FOR = Duration.ofSeconds(10);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(1);
    private final GatewayDns dns;
    private final CurrentModel model;

    public DnsReadinessCheck(GatewayDns dns, CurrentModel model) {
        this.dns = dns;
        this.model = model;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("dns");
        if (model.find().isEmpty()) {
            return response.down().withData("reason", "starting").build();
        }
        GatewayModel current = model.get();
        boolean serving = dns.isServing();
        response.withData("listeners", serving ? "up" : "down");
        response.withData("listen", dns.boundAddresses().stream().map(Addresses::format).collect(Collectors.joining(", ")));
        List<UpstreamStatus> status = dns.checkedUpstreamStatus(QUIET_FOR, CHECK_TIMEOUT);
        boolean allClustersUp = true;
        for (EffectiveCluster cluster : current.clusters()) {
            ClusterHealth health = ClusterHealth.of(cluster, status);
            allClustersUp &= health.up();
            response.withData(cluster.name(), health.state());
            response.withData(cluster.name() + ".servers", health.servers().isEmpty() ? "none known"
                    : health.servers().stream().map(ClusterHealth.ServerHealth::describe).collect(Collectors.joining(", ")));
        }
        response.withData("upstream", status.stream().filter(s -> s.pool().equals("upstream"))
                .map(s -> Addresses.format(s.address()) + (s.healthy() ? " healthy" : " down"))
                .collect(Collectors.joining(", ")));
        return response.status(serving && allClustersUp).build();
    }
}
