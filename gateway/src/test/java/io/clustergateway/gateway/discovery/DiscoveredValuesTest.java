package io.clustergateway.gateway.discovery;

import static io.clustergateway.gateway.discovery.KubeObjects.kubeDns;
import static io.clustergateway.gateway.discovery.KubeObjects.kubeadmConfig;
import static io.clustergateway.gateway.discovery.KubeObjects.node;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which source each value comes from when several say something. */
class DiscoveredValuesTest {

    @Test
    void nodesAndServiceCidrObjectsWinOverKubeadmConfig() {
        DiscoveredValues values = DiscoveredValues.from(List.of(node("a", "10.244.0.0/24")), List.of(kubeDns("10.96.0.10")),
                Optional.of(kubeadmConfig("10.244.0.0/16", "10.96.0.0/12")),
                List.of(CidrDiscoveryTest.serviceCidr("kubernetes", List.of("10.96.0.0/16"))));

        assertThat(values).isEqualTo(new DiscoveredValues(Optional.of(new InetSocketAddress("10.96.0.10", 53)),
                List.of("10.244.0.0/24"), "nodes", List.of("10.96.0.0/16"), "servicecidrs"));
    }

    @Test
    void kubeadmConfigFillsInWhenNodesHaveNoPodCidrsAndNoServiceCidrObjectsExist() {
        // e.g. Calico IPAM: nodes carry no podCIDR, the pod network is only in kubeadm's podSubnet
        DiscoveredValues values = DiscoveredValues.from(List.of(node("a")), List.of(),
                Optional.of(kubeadmConfig("192.168.0.0/16", "10.96.0.0/12")), List.of());

        assertThat(values.podCidrs()).containsExactly("192.168.0.0/16");
        assertThat(values.podCidrSource()).isEqualTo("kubeadm-config");
        assertThat(values.serviceCidrs()).containsExactly("10.96.0.0/12");
        assertThat(values.serviceCidrSource()).isEqualTo("kubeadm-config");
        assertThat(values.dns()).isEmpty();
    }

    @Test
    void nothingFoundHasAnEmptySource() {
        assertThat(DiscoveredValues.from(List.of(), List.of(), Optional.empty(), List.of())).isEqualTo(DiscoveredValues.NONE);
    }

    @Test
    void transportFailuresNameTheApiServer() {
        var failure = new RuntimeException("Operation: [list] for kind: [Node] failed.",
                new java.net.ConnectException("Connection refused"));
        assertThat(Failures.describe(failure, "https://192.168.1.10:6443/"))
                .isEqualTo("cannot reach https://192.168.1.10:6443/: Connection refused");
        assertThat(Failures.describe(new IllegalStateException("Forbidden"), "https://192.168.1.10:6443/"))
                .isEqualTo("Forbidden");
    }
}
