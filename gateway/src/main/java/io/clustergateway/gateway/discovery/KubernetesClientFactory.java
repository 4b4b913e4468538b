package io.clustergateway.gateway.discovery;

import io.clustergateway.gateway.config.KubernetesSettings;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Opens the API client of a cluster: from its kubeconfig file and context, or, without a file, the
 * application's default client (in-cluster service account; in tests the Kubernetes test server).
 */
@ApplicationScoped
public class KubernetesClientFactory {

    private static final KubernetesSerialization KUBECONFIG = new KubernetesSerialization();

    private final Instance<KubernetesClient> defaultClient;

    // Instance: the default client is built only when a cluster (or the node check) actually needs it
    KubernetesClientFactory(Instance<KubernetesClient> defaultClient) {
        this.defaultClient = defaultClient;
    }

    /**
     * @throws UncheckedIOException when the kubeconfig file cannot be read
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when it is not a usable kubeconfig
     */
    ClusterClient open(String cluster, KubernetesSettings kubernetes) {
        if (kubernetes.kubeconfig().isEmpty()) {
            return new ClusterClient(defaultClient(), false);
        }
        Path path = kubernetes.kubeconfig().get();
        String contents;
        try {
            contents = Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kubeconfig " + path + " of cluster " + cluster + ": " + e, e);
        }
        // the path lets relative certificate/token file names in the kubeconfig resolve next to it
        String context = kubernetes.context().orElse(null);
        Config config = Config.fromKubeconfig(context, contents, path.toString());
        // fabric8 lets kubernetes.master / KUBERNETES_MASTER override the kubeconfig; with several clusters that
        // would silently point this cluster's discovery at another cluster's API
        serverOf(contents, context).ifPresent(server -> config.setMasterUrl(server.endsWith("/") ? server : server + "/"));
        // discovery retries with its own backoff and reports the failure; fabric8's default of 10 request retries
        // would only hide an unreachable API for half a minute
        config.setRequestRetryBackoffLimit(1);
        return new ClusterClient(new KubernetesClientBuilder().withConfig(config).build(), true);
    }

    /** The API server URL of {@code context} (absent: the current context) in a kubeconfig. */
    static Optional<String> serverOf(String kubeconfig, String context) {
        io.fabric8.kubernetes.api.model.Config model =
                KUBECONFIG.unmarshal(kubeconfig, io.fabric8.kubernetes.api.model.Config.class);
        String contextName = context != null ? context : model.getCurrentContext();
        return Optional.ofNullable(model.getContexts()).orElse(List.of()).stream()
                .filter(c -> c.getName().equals(contextName) && c.getContext() != null)
                .map(c -> c.getContext().getCluster())
                .findFirst()
                .flatMap(cluster -> Optional.ofNullable(model.getClusters()).orElse(List.of()).stream()
                        .filter(c -> c.getName().equals(cluster) && c.getCluster() != null)
                        .map(c -> c.getCluster().getServer())
                        .filter(server -> server != null && !server.isBlank())
                        .findFirst());
    }

    /** The application's shared client; never close it. */
    KubernetesClient defaultClient() {
        return defaultClient.get();
    }
}
