package io.clustergateway.gateway.discovery;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the Kubernetes API of one cluster says about it, as of {@code observedAt}.
 *
 * <p>Only discovered values: merging them with configuration (configured values win) happens elsewhere.
 * When the API is unreachable, {@code apiReachable} is false, {@code error} says why, and the values are
 * the last ones seen (empty if never seen).
 *
 * @param podCidrSource {@code "nodes"}, {@code "kubeadm-config"} or {@code ""} when none was found
 * @param serviceCidrSource {@code "servicecidrs"}, {@code "kubeadm-config"} or {@code ""} when none was found
 */
public record DiscoveredCluster(
        String cluster,
        Optional<InetSocketAddress> dns,
        List<String> podCidrs,
        List<String> serviceCidrs,
        String podCidrSource,
        String serviceCidrSource,
        boolean apiReachable,
        Optional<String> error,
        Instant observedAt) {

    public static final String SOURCE_NODES = "nodes";
    public static final String SOURCE_KUBEADM_CONFIG = "kubeadm-config";
    public static final String SOURCE_SERVICE_CIDRS = "servicecidrs";
    public static final String SOURCE_NONE = "";

    public DiscoveredCluster {
        podCidrs = List.copyOf(podCidrs);
        serviceCidrs = List.copyOf(serviceCidrs);
    }

    /** Nothing seen yet: the state of a cluster before its first successful list. */
    public static DiscoveredCluster unknown(String cluster, Instant now) {
        return new DiscoveredCluster(cluster, Optional.empty(), List.of(), List.of(), SOURCE_NONE, SOURCE_NONE,
                false, Optional.empty(), now);
    }

    /** Same discovered values, ignoring when they were observed: observers hear only real changes. */
    public boolean sameValuesAs(DiscoveredCluster other) {
        return other != null
                && cluster.equals(other.cluster)
                && dns.equals(other.dns)
                && podCidrs.equals(other.podCidrs)
                && serviceCidrs.equals(other.serviceCidrs)
                && podCidrSource.equals(other.podCidrSource)
                && serviceCidrSource.equals(other.serviceCidrSource)
                && apiReachable == other.apiReachable
                && error.equals(other.error);
    }
}
