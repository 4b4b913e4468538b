package io.clustergateway.gateway.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.gateway.testsupport.Events;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A NODE_NAME alone (Jenkins and many CI runners set one) must not make the gateway talk to whatever cluster
 * ~/.kube/config names: the own node is watched only in a pod or with an API configured for the default client.
 */
class OwnNodeCheckTest {

    private final AtomicInteger defaultClientAsked = new AtomicInteger();

    /** Counts every request for the default client and refuses it, so nothing is ever contacted. */
    private final KubernetesClientFactory clients = new KubernetesClientFactory(null) {
        @Override
        KubernetesClient defaultClient() {
            defaultClientAsked.incrementAndGet();
            throw new IllegalStateException("no default client in this test");
        }
    };

    private ClusterDiscovery discovery(Optional<String> serviceHost, Optional<String> apiServerUrl,
                                       Optional<String> fabric8Master) {
        return new ClusterDiscovery(clients, Events.none(), Events.none(), Optional.of("jenkins-agent-7"), serviceHost, apiServerUrl,
                fabric8Master);
    }

    @Test
    void aCiRunnersNodeNameAloneStartsNoWatch() {
        ClusterDiscovery discovery = discovery(Optional.empty(), Optional.empty(), Optional.empty());

        discovery.start(List.of());
        discovery.stop();

        assertThat(defaultClientAsked).as("default Kubernetes client requested").hasValue(0);
        assertThat(discovery.nodeTaintWarning()).isEmpty();
    }

    @Test
    void inAPodOrWithAConfiguredApiTheOwnNodeIsWatched() {
        for (ClusterDiscovery discovery : new ClusterDiscovery[] {
                discovery(Optional.of("10.96.0.1"), Optional.empty(), Optional.empty()),
                discovery(Optional.empty(), Optional.of("https://127.0.0.1:6443"), Optional.empty()),
                discovery(Optional.empty(), Optional.empty(), Optional.of("https://127.0.0.1:6443"))}) {
            discovery.start(List.of());
            discovery.stop();
        }

        assertThat(defaultClientAsked).as("default Kubernetes client requested").hasValue(3);
    }
}
