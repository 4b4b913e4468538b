package io.clustergateway.gateway.model;

import io.clustergateway.gateway.discovery.DiscoveredCluster;
import io.clustergateway.routing.Cidr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * One cluster as the gateway uses it now: configuration merged with discovery.
 *
 * @param discovered what discovery last reported, when discovery is enabled for the cluster
 */
public record EffectiveCluster(String name, String domain, String alias, int priority,
                               List<InetSocketAddress> dnsServers, List<Cidr> podCidrs, List<Cidr> serviceCidrs,
                               Sourced dns, Sourced pods, Sourced services, Optional<InetAddress> via,
                               boolean discoveryEnabled, Optional<DiscoveredCluster> discovered,
                               List<Disagreement> disagreements) {
    public EffectiveCluster {
        dnsServers = List.copyOf(dnsServers);
        podCidrs = List.copyOf(podCidrs);
        serviceCidrs = List.copyOf(serviceCidrs);
        disagreements = List.copyOf(disagreements);
    }
}
