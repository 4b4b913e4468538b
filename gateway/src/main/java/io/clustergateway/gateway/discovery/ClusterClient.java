package io.clustergateway.gateway.discovery;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A client for one cluster's API; {@code owned} when discovery built it (and must close it), not when it is
 * the application's shared in-cluster client.
 */
record ClusterClient(KubernetesClient client, boolean owned) implements AutoCloseable {

    @Override
    public void close() {
        if (owned) {
            client.close();
        }
    }
}
