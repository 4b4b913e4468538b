package io.clustergateway.gateway.discovery;

import static io.clustergateway.gateway.discovery.KubeObjects.kubeadmConfig;
import static io.clustergateway.gateway.discovery.KubeObjects.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pod CIDRs from nodes, subnets from kubeadm-config, service CIDRs from ServiceCIDR objects. */
class CidrDiscoveryTest {

    @Test
    void nodePodCidrsAreSummarized() {
        assertThat(PodCidrs.fromNodes(List.of(node("a", "10.244.1.0/24"), node("b", "10.244.0.0/24"),
                node("c", "10.244.3.0/24"))))
                .containsExactly("10.244.0.0/23", "10.244.3.0/24");
    }

    @Test
    void singularPodCidrOfOldNodesCountsAndNodesWithoutOneAreSkipped() {
        var old = new NodeBuilder().withNewMetadata().withName("old").endMetadata()
                .withNewSpec().withPodCIDR("10.200.7.0/24").endSpec().build();
        assertThat(PodCidrs.fromNodes(List.of(old, node("unallocated")))).containsExactly("10.200.7.0/24");
    }

    @Test
    void dualStackNodesGiveBothFamilies() {
        assertThat(PodCidrs.fromNodes(List.of(node("a", "10.244.0.0/24", "fd00:10:244::/64"))))
                .containsExactlyInAnyOrder("10.244.0.0/24", "fd00:10:244::/64");
    }

    @Test
    void kubeadmConfigGivesPodAndServiceSubnets() {
        KubeadmNetworking networking = KubeadmNetworking.from(Optional.of(kubeadmConfig("10.244.0.0/16", "10.96.0.0/12")));

        assertThat(networking.podSubnets()).containsExactly("10.244.0.0/16");
        assertThat(networking.serviceSubnets()).containsExactly("10.96.0.0/12");
    }

    @Test
    void kubeadmDualStackSubnetsAreCommaSeparated() {
        KubeadmNetworking networking = KubeadmNetworking.from(
                Optional.of(kubeadmConfig("10.244.0.0/16,fd00:10:244::/56", "10.96.0.0/12, fd00:10:96::/112")));

        assertThat(networking.podSubnets()).containsExactlyInAnyOrder("10.244.0.0/16", "fd00:10:244::/56");
        assertThat(networking.serviceSubnets()).containsExactlyInAnyOrder("10.96.0.0/12", "fd00:10:96::/112");
    }

    @Test
    void missingOrBrokenKubeadmConfigGivesNothing() {
        assertThat(KubeadmNetworking.from(Optional.empty())).isEqualTo(KubeadmNetworking.NONE);
        assertThat(KubeadmNetworking.parse("networking: [unclosed")).isEqualTo(KubeadmNetworking.NONE);
        assertThat(KubeadmNetworking.parse("kind: ClusterConfiguration\n")).isEqualTo(KubeadmNetworking.NONE);
    }

    @Test
    void badSubnetIsSkippedAndTheGoodOneKept() {
        assertThat(KubeadmNetworking.parse("networking:\n  podSubnet: 10.244.0.0/16,banana\n").podSubnets())
                .containsExactly("10.244.0.0/16");
    }

    @Test
    void serviceCidrObjectsGiveTheirSpecCidrs() {
        GenericKubernetesResource kubernetes = serviceCidr("kubernetes", List.of("10.96.0.0/12"));
        GenericKubernetesResource extra = serviceCidr("extra", List.of("10.112.0.0/16"));

        assertThat(ServiceCidrs.from(List.of(extra, kubernetes))).containsExactly("10.96.0.0/12", "10.112.0.0/16");
    }

    static GenericKubernetesResource serviceCidr(String name, List<String> cidrs) {
        GenericKubernetesResource resource = new GenericKubernetesResource();
        resource.setApiVersion("networking.k8s.io/v1");
        resource.setKind("ServiceCIDR");
        resource.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
        resource.setAdditionalProperty("spec", Map.of("cidrs", cidrs));
        return resource;
    }
}
