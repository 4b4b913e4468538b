package io.clustergateway.gateway.discovery;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Three clusters against the Kubernetes test server: {@code lab} (everything discovered), {@code lab2} (configured
 * values that disagree with what its API reports) and {@code offline} (kubeconfig pointing at a closed loopback
 * port). Everything else listens on or forwards to loopback only.
 */
public class DiscoveryTestProfile implements QuarkusTestProfile {

    static final String NODE_NAME = "gw-node";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("quarkus.http.test-port", "0"),
                // surefire passes -Dgateway.e2e.required, which the strict gateway.* mapping rejects as unknown
                Map.entry("smallrye.config.mapping.validate-unknown", "false"),
                // application.yaml points the default client at a dead port; here it is the test server
                Map.entry("quarkus.kubernetes-client.api-server-url", "${kubernetes.master}"),
                Map.entry("gateway.node-address", "192.0.2.10"),
                Map.entry("gateway.dns.listen", "127.0.0.1:0"),
                // a dead loopback upstream: these tests send no DNS queries
                Map.entry("gateway.dns.upstreams", "127.0.0.1:9"),
                Map.entry("gateway.nat.backend", "none"),
                Map.entry("gateway.clusters.lab.kubernetes.enabled", "true"),
                Map.entry("gateway.clusters.lab2.kubernetes.enabled", "true"),
                Map.entry("gateway.clusters.lab2.dns", "127.0.0.1:9"),
                Map.entry("gateway.clusters.lab2.pod-cidrs", "10.245.0.0/16"),
                Map.entry("gateway.clusters.lab2.service-cidrs", "10.112.0.0/16"),
                Map.entry("gateway.clusters.offline.kubernetes.enabled", "true"),
                Map.entry("gateway.clusters.offline.kubernetes.kubeconfig", offlineKubeconfig().toString()),
                Map.entry("gateway.clusters.offline.kubernetes.context", "offline"),
                // what the downward API sets in the pod
                Map.entry("NODE_NAME", NODE_NAME));
    }

    /** A kubeconfig whose API server is a loopback port nobody listens on. */
    private static Path offlineKubeconfig() {
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: offline
                  cluster:
                    server: https://127.0.0.1:1
                    insecure-skip-tls-verify: true
                users:
                - name: offline
                  user:
                    token: not-a-real-token
                contexts:
                - name: offline
                  context:
                    cluster: offline
                    user: offline
                current-context: offline
                """;
        try {
            Path file = Files.createTempFile("offline-", ".kubeconfig");
            file.toFile().deleteOnExit();
            return Files.writeString(file, kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
