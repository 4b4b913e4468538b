package io.clustergateway.dns;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * One Kubernetes cluster as the DNS server sees it.
 *
 * @param domain       the cluster domain its CoreDNS serves, e.g. cluster.local
 * @param alias        a name only this cluster answers under, e.g. old.cluster.local
 * @param priority     order among clusters sharing a domain; lower is asked first
 * @param servers      its CoreDNS address(es)
 * @param reverseCidrs pod and service CIDRs; reverse lookups of addresses in them go to this cluster
 */
public record ClusterDns(String name, Name domain, Name alias, int priority,
                         List<InetSocketAddress> servers, List<String> reverseCidrs) {
    public ClusterDns {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(alias, "alias");
        if (!domain.isAbsolute() || !alias.isAbsolute()) {
            throw new IllegalArgumentException("cluster " + name + ": domain and alias must be absolute names; got "
                    + domain + " and " + alias);
        }
        servers = List.copyOf(servers);
        reverseCidrs = List.copyOf(reverseCidrs);
    }
}
