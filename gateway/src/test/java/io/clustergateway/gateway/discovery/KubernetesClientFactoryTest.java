package io.clustergateway.gateway.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KubernetesClientFactoryTest {

    private static final String TWO_CLUSTERS = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: old
              cluster: {server: "https://192.168.1.10:6443"}
            - name: new
              cluster: {server: "https://192.168.1.20:6443"}
            users:
            - name: admin
              user: {token: t}
            contexts:
            - name: old
              context: {cluster: old, user: admin}
            - name: new
              context: {cluster: new, user: admin}
            current-context: new
            """;

    @Test
    void configuredContextChoosesTheApiServer() {
        assertThat(KubernetesClientFactory.serverOf(TWO_CLUSTERS, "old")).contains("https://192.168.1.10:6443");
    }

    @Test
    void withoutAContextTheCurrentContextCounts() {
        assertThat(KubernetesClientFactory.serverOf(TWO_CLUSTERS, null)).contains("https://192.168.1.20:6443");
    }

    @Test
    void unknownContextGivesNoServer() {
        assertThat(KubernetesClientFactory.serverOf(TWO_CLUSTERS, "elsewhere")).isEmpty();
    }
}
