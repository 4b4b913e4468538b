package io.clustergateway.dns;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Where names go: the clusters, the default upstreams, and who may ask.
 *
 * @param allowFrom CIDRs allowed to query besides loopback
 */
public record DnsRoutes(List<ClusterDns> clusters, List<InetSocketAddress> upstreams, List<String> allowFrom) {
    public DnsRoutes {
        clusters = List.copyOf(clusters);
        upstreams = List.copyOf(upstreams);
        allowFrom = List.copyOf(allowFrom);
    }
}
