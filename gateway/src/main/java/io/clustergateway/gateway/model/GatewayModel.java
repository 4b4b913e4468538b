package io.clustergateway.gateway.model;

import io.clustergateway.dns.DnsRoutes;
import io.clustergateway.gateway.config.GatewaySettings;
import io.clustergateway.routing.ModelProblem;
import io.clustergateway.routing.NatPlan;
import io.clustergateway.routing.NetworkModel;
import io.clustergateway.routing.kernel.KernelRoute;
import io.clustergateway.routing.publish.StaticRoute;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything derived from configuration and discovery at one moment, as one immutable value: what the DNS
 * server routes, the NAT plan, the kernel routes, and the routes published to office routers.
 *
 * @param problems discovered values left out of the model: unparsable, or overlapping a configured CIDR or an
 *                 earlier cluster's (configured overlaps stop the start); reported on the status page and in the log
 */
public record GatewayModel(GatewaySettings settings, List<EffectiveCluster> clusters, NetworkModel network,
                           NatPlan natPlan, List<KernelRoute> kernelRoutes, List<StaticRoute> publishedRoutes,
                           DnsRoutes dnsRoutes, List<ModelProblem> problems, Instant builtAt) {
    public GatewayModel {
        clusters = List.copyOf(clusters);
        kernelRoutes = List.copyOf(kernelRoutes);
        publishedRoutes = List.copyOf(publishedRoutes);
        problems = List.copyOf(problems);
    }

    public Optional<EffectiveCluster> cluster(String name) {
        return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public List<Disagreement> disagreements() {
        return clusters.stream().flatMap(c -> c.disagreements().stream()).toList();
    }
}
