package io.clustergateway.gateway.config;

import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.Cluster;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * One cluster's configuration after validation. {@code dns}, {@code podCidrs} and {@code serviceCidrs} are absent
 * where the configuration leaves the value to discovery; present (even empty) they were set.
 *
 * @param domain     absolute, e.g. {@code cluster.local.}
 * @param alias      absolute, e.g. {@code old.cluster.local.}
 * @param kubernetes present when discovery is enabled
 */
public record ClusterSettings(String name, Name domain, Name alias, int priority,
                              Optional<List<InetSocketAddress>> dns, Optional<List<Cidr>> podCidrs,
                              Optional<List<Cidr>> serviceCidrs, Optional<InetAddress> via,
                              Optional<KubernetesSettings> kubernetes) {
    public ClusterSettings {
        dns = dns.map(List::copyOf);
        podCidrs = podCidrs.map(List::copyOf);
        serviceCidrs = serviceCidrs.map(List::copyOf);
    }

    public boolean discoveryEnabled() {
        return kubernetes.isPresent();
    }

    /** The cluster with only its configured CIDRs, as the configuration check sees it. */
    public Cluster configuredNetwork() {
        return new Cluster(name, podCidrs.orElse(List.of()), serviceCidrs.orElse(List.of()), via);
    }
}
