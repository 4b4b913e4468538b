package io.clustergateway.gateway.discovery;

import static io.clustergateway.gateway.discovery.KubeObjects.kubeDns;
import static io.clustergateway.gateway.discovery.KubeObjects.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoreDnsLocatorTest {

    @Test
    void kubeDnsServiceGivesClusterIpAndPort53() {
        assertThat(CoreDnsLocator.locate(List.of(service("default", "web", "10.96.5.5"), kubeDns("10.96.0.10"))))
                .contains(new InetSocketAddress("10.96.0.10", 53));
    }

    @Test
    void serviceLabelledKubeDnsIsTheFallback() {
        Service coredns = new ServiceBuilder(kubeDns("10.43.0.10")).editMetadata().withName("coredns").endMetadata()
                .build();
        assertThat(CoreDnsLocator.locate(List.of(coredns))).contains(new InetSocketAddress("10.43.0.10", 53));
    }

    @Test
    void kubeDnsOutsideKubeSystemIsNotTheClusterDns() {
        Service elsewhere = new ServiceBuilder(kubeDns("10.96.0.99")).editMetadata().withNamespace("default")
                .endMetadata().build();
        assertThat(CoreDnsLocator.locate(List.of(elsewhere))).isEmpty();
    }

    @Test
    void headlessOrMissingClusterIpIsNoAddress() {
        assertThat(CoreDnsLocator.locate(List.of(kubeDns("None")))).isEmpty();
        assertThat(CoreDnsLocator.locate(List.of())).isEmpty();
    }

    @Test
    void dnsPortOtherThan53IsTakenFromThePortNamedDns() {
        Service onOtherPort = new ServiceBuilder()
                .withNewMetadata().withName("kube-dns").withNamespace("kube-system")
                .withLabels(Map.of("k8s-app", "kube-dns")).endMetadata()
                .withNewSpec().withClusterIP("10.96.0.10").withPorts(
                        new ServicePortBuilder().withName("metrics").withProtocol("TCP").withPort(9153).build(),
                        new ServicePortBuilder().withName("dns").withProtocol("UDP").withPort(5353).build())
                .endSpec().build();
        assertThat(CoreDnsLocator.locate(List.of(onOtherPort))).contains(new InetSocketAddress("10.96.0.10", 5353));
    }
}
