package io.clustergateway.gateway.discovery;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The {@code networking} section of kubeadm's ClusterConfiguration (ConfigMap {@code kube-system/kubeadm-config},
 * key {@code ClusterConfiguration}): the subnets the cluster was created with.
 */
record KubeadmNetworking(List<String> podSubnets, List<String> serviceSubnets) {

    static final String NAMESPACE = "kube-system";
    static final String CONFIG_MAP = "kubeadm-config";
    static final String KEY = "ClusterConfiguration";

    private static final Logger LOG = Logger.getLogger(KubeadmNetworking.class);
    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    static final KubeadmNetworking NONE = new KubeadmNetworking(List.of(), List.of());

    KubeadmNetworking {
        podSubnets = List.copyOf(podSubnets);
        serviceSubnets = List.copyOf(serviceSubnets);
    }

    static KubeadmNetworking from(Optional<ConfigMap> configMap) {
        return configMap.map(cm -> cm.getData() == null ? null : cm.getData().get(KEY))
                .map(KubeadmNetworking::parse)
                .orElse(NONE);
    }

    /** Parses ClusterConfiguration YAML; unreadable YAML is logged and yields nothing rather than failing. */
    static KubeadmNetworking parse(String clusterConfigurationYaml) {
        try {
            Object root = YAML.unmarshal(clusterConfigurationYaml, Map.class);
            if (!(root instanceof Map<?, ?> map) || !(map.get("networking") instanceof Map<?, ?> networking)) {
                return NONE;
            }
            return new KubeadmNetworking(
                    CidrTexts.summarize(CidrTexts.splitCommas(text(networking.get("podSubnet"))), "kubeadm-config podSubnet"),
                    CidrTexts.summarize(CidrTexts.splitCommas(text(networking.get("serviceSubnet"))),
                            "kubeadm-config serviceSubnet"));
        } catch (RuntimeException e) {
            LOG.warnf("cannot read %s/%s key %s: %s", NAMESPACE, CONFIG_MAP, KEY, e.getMessage());
            return NONE;
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
