package io.clustergateway.gateway.model;

import io.clustergateway.gateway.config.ClusterSettings;
import io.clustergateway.gateway.discovery.DiscoveredCluster;
import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.Cluster;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * One cluster as the gateway uses it now: its configuration, and the values that configuration and discovery
 * together give, each with its origin.
 *
 * @param discovered what discovery last reported, when discovery is enabled for the cluster
 */
public record EffectiveCluster(ClusterSettings config, Sourced<List<InetSocketAddress>> dns,
                               Sourced<List<Cidr>> pods, Sourced<List<Cidr>> services,
                               Optional<DiscoveredCluster> discovered, List<Disagreement> disagreements) {
    public EffectiveCluster {
        disagreements = List.copyOf(disagreements);
    }

    public String name() {
        return config.name();
    }

    /** Without the trailing dot: "cluster.local". */
    public String domain() {
        return text(config.domain().toString());
    }

    /** Without the trailing dot: "old.cluster.local". */
    public String alias() {
        return text(config.alias().toString());
    }

    public int priority() {
        return config.priority();
    }

    public Optional<InetAddress> via() {
        return config.via();
    }

    public boolean discoveryEnabled() {
        return config.discoveryEnabled();
    }

    public List<InetSocketAddress> dnsServers() {
        return dns.value();
    }

    public List<Cidr> podCidrs() {
        return pods.value();
    }

    public List<Cidr> serviceCidrs() {
        return services.value();
    }

    /** The cluster as the routing module sees it. */
    public Cluster network() {
        return new Cluster(name(), podCidrs(), serviceCidrs(), via());
    }

    private static String text(String absolute) {
        return absolute.endsWith(".") && absolute.length() > 1 ? absolute.substring(0, absolute.length() - 1) : absolute;
    }
}
