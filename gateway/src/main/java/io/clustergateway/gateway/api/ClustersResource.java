package io.clustergateway.gateway.api;

import io.clustergateway.gateway.config.Addresses;
import io.clustergateway.gateway.discovery.DiscoveredCluster;
import io.clustergateway.gateway.dns.GatewayDns;
import io.clustergateway.gateway.health.ClusterHealth;
import io.clustergateway.gateway.model.CurrentModel;
import io.clustergateway.gateway.model.Disagreement;
import io.clustergateway.gateway.model.EffectiveCluster;
import io.clustergateway.routing.Cidr;
import io.clustergateway.dns.UpstreamStatus;
import io.quarkus.qute.TemplateData;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Each cluster: effective values with their source, what discovery saw, disagreements, DNS health. */
@Path("/api/v1/clusters")
public class ClustersResource {
    private final CurrentModel model;
    private final GatewayDns dns;

    public ClustersResource(CurrentModel model, GatewayDns dns) {
        this.model = model;
        this.dns = dns;
    }

    @TemplateData
    public record Discovered(String dns, List<String> podCidrs, String podCidrSource, List<String> serviceCidrs,
                             String serviceCidrSource, boolean apiReachable, String error, Instant observedAt) {
        static Discovered of(DiscoveredCluster d) {
            return new Discovered(d.dns().map(Addresses::format).orElse(null), d.podCidrs(), d.podCidrSource(),
                    d.serviceCidrs(), d.serviceCidrSource(), d.apiReachable(), d.error().orElse(null), d.observedAt());
        }
    }

    @TemplateData
    public record ClusterView(String name, String domain, String alias, int priority, SourcedView dns,
                              SourcedView podCidrs, SourcedView serviceCidrs, String via, boolean discoveryEnabled, Discovered discovered,
                              List<Disagreement> disagreements, String health, List<ClusterHealth.ServerHealth> dnsHealth) {
        static ClusterView of(EffectiveCluster c, List<UpstreamStatus> status) {
            ClusterHealth health = ClusterHealth.of(c, status);
            return new ClusterView(c.name(), c.domain(), c.alias(), c.priority(),
                    SourcedView.of(c.dns(), Addresses::format), SourcedView.of(c.pods(), Cidr::toString),
                    SourcedView.of(c.services(), Cidr::toString),
                    c.via().map(java.net.InetAddress::getHostAddress).orElse(null), c.discoveryEnabled(),
                    c.discovered().map(Discovered::of).orElse(null), c.disagreements(), health.state(),
                    health.servers());
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Clusters with effective CIDRs and DNS servers, their sources, disagreements and DNS health")
    public List<ClusterView> clusters() {
        List<UpstreamStatus> status = dns.upstreamStatus();
        return model.get().clusters().stream().map(c -> ClusterView.of(c, status)).toList();
    }
}
