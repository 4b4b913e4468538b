package io.clustergateway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.routing.ModelProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each unknown key once, in the one-line form of every other problem, with the key that was probably meant. */
class UnknownKeysTest {
    private static final String FILE = "/etc/cluster-gateway/gateway.yaml";

    private final UnknownKeys unknownKeys = new UnknownKeys(ConfigKeys.of(GatewayConfig.class, "gateway"), "gateway");

    @Test
    void aYamlListIsOneProblemWithTheNearestKnownKey() {
        // SmallRye's YAML source holds a list as the joined value and as each index
        List<ModelProblem> problems = unknownKeys.check(List.of(
                new ConfiguredKey("gateway.clusters.old.pod-cidr[0]", "10.200.0.0/16", FILE),
                new ConfiguredKey("gateway.clusters.old.pod-cidr[1]", "10.201.0.0/16", FILE),
                new ConfiguredKey("gateway.clusters.old.pod-cidr", "10.200.0.0/16,10.201.0.0/16", FILE),
                new ConfiguredKey("gateway.clusters.old.pod-cidrs", "10.202.0.0/16", FILE)));

        assertThat(problems).extracting(ModelProblem::toString).containsExactly(
                "gateway.clusters.old.pod-cidr=10.200.0.0/16,10.201.0.0/16: unknown key in " + FILE
                        + "; did you mean gateway.clusters.old.pod-cidrs?");
    }

    @Test
    void aMistypedPrefixIsCaughtAndEverythingElseIsLeftAlone() {
        List<ModelProblem> problems = unknownKeys.check(List.of(
                new ConfiguredKey("gatway.dns.listen", "0.0.0.0:53", "system properties"),
                new ConfiguredKey("gateway.e2e.required", "true", "system properties"),
                new ConfiguredKey("quarkus.http.port", "8080", FILE),
                new ConfiguredKey("java.home", "/usr/lib/jvm", "system properties"),
                new ConfiguredKey("gateway.dns.listen", "0.0.0.0:53", FILE)));

        assertThat(problems).extracting(ModelProblem::toString).containsExactly(
                "gatway.dns.listen=0.0.0.0:53: unknown key in system properties; did you mean gateway.dns.listen?");
    }

    @Test
    void aKeyNothingIsCloseToIsStillReported() {
        assertThat(unknownKeys.check(List.of(new ConfiguredKey("%prod.gateway.metrics.enabled", "true", FILE))))
                .extracting(ModelProblem::toString)
                .containsExactly("gateway.metrics.enabled=true: unknown key in " + FILE);
    }
}
