package io.clustergateway.gateway.discovery;

import io.clustergateway.gateway.config.GatewayConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the API client of a cluster: from its kubeconfig file and context, or, without a file, the
 * application's default client (in-cluster service account; in tests the Kubernetes test server).
 */
@ApplicationScoped
public class KubernetesClientFactory {

    private final Instance<KubernetesClient> defaultClient;

    // Instance: the default client is built only when a cluster (or the node check) actually needs it
    KubernetesClientFactory(Instance<KubernetesClient> defaultClient) {
        this.defaultClient = defaultClient;
    }

    /**
     * @throws UncheckedIOException when the kubeconfig file cannot be read
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when it is not a usable kubeconfig
     */
    ClusterClient open(String cluster, GatewayConfig.Kubernetes kubernetes) {
        if (kubernetes.kubeconfig().isEmpty()) {
            return new ClusterClient(defaultClient(), false);
        }
        Path path = Path.of(kubernetes.kubeconfig().get());
        String contents;
        try {
            contents = Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kubeconfig " + path + " of cluster " + cluster + ": " + e, e);
        }
        // the path lets relative certificate/token file names in the kubeconfig resolve next to it
        Config config = Config.fromKubeconfig(kubernetes.context().orElse(null), contents, path.toString());
        return new ClusterClient(new KubernetesClientBuilder().withConfig(config).build(), true);
    }

    /** The application's shared client; never close it. */
    KubernetesClient defaultClient() {
        return defaultClient.get();
    }
}
