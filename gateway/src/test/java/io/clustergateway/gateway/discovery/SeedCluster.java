package io.clustergateway.gateway.discovery;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.util.function.Consumer;

/** The state of a small kubeadm cluster, in the test server before the application starts. */
public class SeedCluster implements Consumer<KubernetesServer> {

    @Override
    public void accept(KubernetesServer server) {
        KubernetesClient client = server.getClient();
        client.services().resource(KubeObjects.kubeDns("10.96.0.10")).create();
        client.nodes().resource(KubeObjects.node(DiscoveryTestProfile.NODE_NAME, "10.244.0.0/24")).create();
        client.nodes().resource(KubeObjects.node("worker-1", "10.244.1.0/24")).create();
        client.configMaps().resource(KubeObjects.kubeadmConfig("10.244.0.0/16", "10.96.0.0/12")).create();
    }
}
