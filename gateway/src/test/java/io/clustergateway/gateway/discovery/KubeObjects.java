package io.clustergateway.gateway.discovery;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.List;
import java.util.Map;

/** Kubernetes objects as kubeadm clusters have them, for the discovery tests. */
final class KubeObjects {

    private KubeObjects() {}

    static Service kubeDns(String clusterIp) {
        return new ServiceBuilder()
                .withNewMetadata().withName("kube-dns").withNamespace("kube-system")
                .withLabels(Map.of("k8s-app", "kube-dns")).endMetadata()
                .withNewSpec().withClusterIP(clusterIp).withPorts(
                        new ServicePortBuilder().withName("dns").withProtocol("UDP").withPort(53).build(),
                        new ServicePortBuilder().withName("dns-tcp").withProtocol("TCP").withPort(53).build(),
                        new ServicePortBuilder().withName("metrics").withProtocol("TCP").withPort(9153).build())
                .endSpec()
                .build();
    }

    static Service service(String namespace, String name, String clusterIp) {
        return new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withClusterIP(clusterIp)
                .withPorts(new ServicePortBuilder().withName("http").withProtocol("TCP").withPort(80).build())
                .endSpec()
                .build();
    }

    static Node node(String name, String... podCidrs) {
        return new NodeBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withPodCIDR(podCidrs.length == 0 ? null : podCidrs[0]).withPodCIDRs(List.of(podCidrs))
                .endSpec()
                .build();
    }

    static Node taintedNode(String name, String key, String effect) {
        return new NodeBuilder(node(name))
                .editSpec().addNewTaint().withKey(key).withValue("true").withEffect(effect).endTaint().endSpec()
                .build();
    }

    static ConfigMap kubeadmConfig(String podSubnet, String serviceSubnet) {
        String clusterConfiguration = """
                apiServer: {}
                apiVersion: kubeadm.k8s.io/v1beta4
                clusterName: kubernetes
                controlPlaneEndpoint: 192.168.1.10:6443
                kind: ClusterConfiguration
                kubernetesVersion: v1.31.2
                networking:
                  dnsDomain: cluster.local
                  podSubnet: %s
                  serviceSubnet: %s
                """.formatted(podSubnet, serviceSubnet);
        return new ConfigMapBuilder()
                .withNewMetadata().withName("kubeadm-config").withNamespace("kube-system").endMetadata()
                .withData(Map.of("ClusterConfiguration", clusterConfiguration))
                .build();
    }
}
