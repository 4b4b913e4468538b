package io.clustergateway.gateway.model;

import io.clustergateway.dns.ClusterDns;
import io.clustergateway.dns.DnsRoutes;
import io.clustergateway.gateway.config.GatewaySettings;
import io.clustergateway.gateway.discovery.DiscoveredCluster;
import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.Cluster;
import io.clustergateway.routing.ModelProblem;
import io.clustergateway.routing.NatPlan;
import io.clustergateway.routing.NetworkModel;
import io.clustergateway.routing.Office;
import io.clustergateway.routing.kernel.KernelRoute;
import io.clustergateway.routing.publish.RoutePublisher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Merges configuration with discovery ({@link ClusterMerge}) and derives everything else from the result: the
 * network, the NAT plan, kernel and published routes, and what the DNS server routes.
 */
public final class ModelBuilder {
    private ModelBuilder() {}

    public static GatewayModel build(GatewaySettings settings, Map<String, DiscoveredCluster> discovered, Instant now) {
        List<ModelProblem> problems = new ArrayList<>();
        ClusterMerge merge = new ClusterMerge(settings.offices(), settings.clusters(), problems);
        List<EffectiveCluster> clusters = settings.clusters().stream()
                .map(c -> merge.merge(c, Optional.ofNullable(discovered.get(c.name())).filter(d -> c.discoveryEnabled())))
                .toList();
        List<Cluster> routingClusters = clusters.stream().map(EffectiveCluster::network).toList();
        NetworkModel network = new NetworkModel(settings.offices(), routingClusters);
        problems.addAll(network.validate());
        NatPlan plan = NatPlan.of(network, settings.nat().planOptions());
        List<KernelRoute> kernelRoutes = routingClusters.stream()
                .filter(c -> c.via().isPresent())
                .flatMap(c -> c.cidrs().stream().map(cidr -> new KernelRoute(cidr, c.via().get())))
                .toList();
        return new GatewayModel(settings, clusters, network, plan, kernelRoutes,
                RoutePublisher.routes(network, settings.node().address(), settings.routes().summarize()),
                dnsRoutes(settings, clusters), problems, now);
    }

    /** allowFrom = allow-from + office CIDRs + cluster CIDRs: everyone the gateway serves may ask. */
    private static DnsRoutes dnsRoutes(GatewaySettings settings, List<EffectiveCluster> clusters) {
        List<ClusterDns> clusterDns = new ArrayList<>();
        Set<String> allowFrom = new LinkedHashSet<>(texts(settings.dns().allowFrom()));
        settings.offices().stream().map(Office::cidrs).forEach(cidrs -> allowFrom.addAll(texts(cidrs)));
        for (EffectiveCluster cluster : clusters) {
            List<String> reverse = new ArrayList<>(texts(cluster.podCidrs()));
            reverse.addAll(texts(cluster.serviceCidrs()));
            allowFrom.addAll(reverse);
            // A cluster whose CoreDNS discovery has not found yet stays, with no server: its alias (and a domain only
            // it serves) then fails at once with SERVFAIL. Left out, those names would go to the public upstreams
            // and come back as an NXDOMAIN that laptops cache.
            clusterDns.add(new ClusterDns(cluster.name(), cluster.config().domain(), cluster.config().alias(),
                    cluster.priority(), cluster.dnsServers(), reverse));
        }
        return new DnsRoutes(clusterDns, settings.dns().upstreams(), List.copyOf(allowFrom));
    }

    private static List<String> texts(List<Cidr> cidrs) {
        return cidrs.stream().map(Cidr::toString).toList();
    }
}
