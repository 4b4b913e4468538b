package io.clustergateway.gateway.discovery;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What the watched objects say, with the preference order of each value: pod CIDRs from the nodes before
 * kubeadm's podSubnet (nodes show what is allocated; a cluster may have been reconfigured since kubeadm init),
 * service CIDRs from ServiceCIDR objects before kubeadm's serviceSubnet (ServiceCIDRs can be added at runtime).
 */
record DiscoveredValues(Optional<InetSocketAddress> dns, List<String> podCidrs, String podCidrSource,
                        List<String> serviceCidrs, String serviceCidrSource) {

    static final DiscoveredValues NONE = new DiscoveredValues(Optional.empty(), List.of(), DiscoveredCluster.SOURCE_NONE,
            List.of(), DiscoveredCluster.SOURCE_NONE);

    static DiscoveredValues from(Collection<Node> nodes, Collection<Service> kubeSystemServices,
                                 Optional<ConfigMap> kubeadmConfig, Collection<GenericKubernetesResource> serviceCidrObjects) {
        KubeadmNetworking kubeadm = KubeadmNetworking.from(kubeadmConfig);
        Sourced pods = Sourced.first(
                new Sourced(PodCidrs.fromNodes(nodes), DiscoveredCluster.SOURCE_NODES),
                new Sourced(kubeadm.podSubnets(), DiscoveredCluster.SOURCE_KUBEADM_CONFIG));
        Sourced services = Sourced.first(
                new Sourced(ServiceCidrs.from(serviceCidrObjects), DiscoveredCluster.SOURCE_SERVICE_CIDRS),
                new Sourced(kubeadm.serviceSubnets(), DiscoveredCluster.SOURCE_KUBEADM_CONFIG));
        return new DiscoveredValues(CoreDnsLocator.locate(kubeSystemServices), pods.cidrs(), pods.source(),
                services.cidrs(), services.source());
    }

    /** CIDRs and where they came from. */
    private record Sourced(List<String> cidrs, String source) {
        static Sourced first(Sourced preferred, Sourced fallback) {
            if (!preferred.cidrs().isEmpty()) {
                return preferred;
            }
            return fallback.cidrs().isEmpty() ? new Sourced(List.of(), DiscoveredCluster.SOURCE_NONE) : fallback;
        }
    }
}
