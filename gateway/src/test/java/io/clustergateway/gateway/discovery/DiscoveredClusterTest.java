package io.clustergateway.gateway.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiscoveredClusterTest {

    private static DiscoveredCluster lab(Instant at, List<String> pods) {
        return new DiscoveredCluster("lab", Optional.of(new InetSocketAddress("10.96.0.10", 53)), pods,
                List.of("10.96.0.0/12"), "nodes", "kubeadm-config", true, Optional.empty(), at);
    }

    @Test
    void observationTimeAloneIsNoChange() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(lab(now, List.of("10.244.0.0/23")).sameValuesAs(lab(now.plusSeconds(5), List.of("10.244.0.0/23"))))
                .isTrue();
        assertThat(lab(now, List.of("10.244.0.0/23")).sameValuesAs(lab(now, List.of("10.244.0.0/22")))).isFalse();
    }

    @Test
    void retryDelayDoublesUpToAMinute() {
        assertThat(ClusterWatch.retryDelay(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(ClusterWatch.retryDelay(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(ClusterWatch.retryDelay(40)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void failureDescriptionKeepsTheRootCause() {
        var failure = new IllegalStateException("list nodes failed",
                new RuntimeException("wrapped", new java.net.ConnectException("Connection refused")));
        assertThat(Failures.describe(failure)).isEqualTo("list nodes failed: Connection refused");
    }
}
