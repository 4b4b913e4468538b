package io.clustergateway.gateway.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One watch against its own test API server (loopback), which the test takes away. No Quarkus boot. */
class ClusterWatchOutageTest {

    private final KubernetesServer server = new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
    private final List<DiscoveredCluster> changes = new CopyOnWriteArrayList<>();
    private KubernetesClient client;
    private ClusterWatch watch;

    @BeforeEach
    void startServerAndWatch() {
        server.before();
        server.getClient().services().resource(KubeObjects.kubeDns("10.96.0.10")).create();
        server.getClient().nodes().resource(KubeObjects.node("worker-1", "10.244.1.0/24")).create();
        // no request retries: the outage must show within the test's patience
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(server.getClient().getConfiguration())
                .withRequestRetryBackoffLimit(0).build()).build();
        watch = new ClusterWatch("lab", () -> new ClusterClient(client, true), new ClusterWatch.Events() {
            @Override
            public void changed(DiscoveredCluster previous, DiscoveredCluster current) {
                changes.add(current);
            }

            @Override
            public void serviceChanged(String cluster, String namespace, String service) {}
        }, Clock.systemUTC());
        watch.start(Duration.ofMillis(100), Duration.ofMillis(300));
    }

    @AfterEach
    void stop() {
        watch.close();
        server.after();
    }

    /** Patience under load (a busy second core): each wait ends as soon as its condition holds. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void apiOutageIsReportedAndTheLastKnownValuesStay() {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(watch.current().apiReachable()).isTrue();
            assertThat(watch.current().podCidrs()).containsExactly("10.244.1.0/24");
        });

        server.after();

        await().atMost(WAIT).untilAsserted(() -> {
            DiscoveredCluster lab = watch.current();
            assertThat(lab.apiReachable()).isFalse();
            assertThat(lab.error()).isPresent();
            assertThat(lab.dns()).contains(new InetSocketAddress("10.96.0.10", 53));
            assertThat(lab.podCidrs()).containsExactly("10.244.1.0/24");
            assertThat(lab.podCidrSource()).isEqualTo("nodes");
        });
        // listeners heard each state once, not a flapping series
        assertThat(changes).filteredOn(DiscoveredCluster::apiReachable).hasSizeLessThanOrEqualTo(3);
    }
}
