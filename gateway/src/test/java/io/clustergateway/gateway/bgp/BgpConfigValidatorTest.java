package io.clustergateway.gateway.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.clustergateway.gateway.config.GatewayConfig;
import io.clustergateway.gateway.config.InvalidConfigurationException;
import io.clustergateway.gateway.testsupport.TestSettings;
import io.clustergateway.routing.ModelProblem;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BgpConfigValidatorTest {
    private static final Map<String, String> BASE = Map.of(
            "gateway.node-address", "192.168.1.109",
            "gateway.dns.listen", "0.0.0.0:53",
            "gateway.dns.upstreams", "203.0.113.53",
            "gateway.offices.hq.cidrs", "10.1.3.0/24",
            "gateway.clusters.old.dns", "10.96.0.10",
            "gateway.clusters.old.pod-cidrs", "10.200.0.0/16",
            "gateway.clusters.old.service-cidrs", "10.96.0.0/16");

    @Test
    void offByDefaultWithNothingToCheck() {
        assertThat(validate(Map.of()).enabled()).isFalse();
    }

    @Test
    void aCompleteConfigurationBecomesThePeering() {
        BgpSettings settings = validate(Map.of("gateway.bgp.enabled", "true", "gateway.bgp.local-as", "65010",
                "gateway.bgp.neighbors[0].address", "192.168.1.1", "gateway.bgp.neighbors[0].remote-as", "65000",
                "gateway.bgp.dns-address", "10.53.53.53"));

        assertThat(settings.peering()).hasValueSatisfying(peering -> {
            assertThat(peering.localAs()).isEqualTo(65010);
            assertThat(peering.routerId().getHostAddress()).isEqualTo("192.168.1.109");
            assertThat(peering.localAddress().getHostAddress()).isEqualTo("192.168.1.109");
            assertThat(peering.holdSeconds()).isEqualTo(3);
            assertThat(peering.bfd()).isTrue();
            assertThat(peering.neighbors()).singleElement()
                    .satisfies(n -> assertThat(n.address().getHostAddress() + " " + n.remoteAs()).isEqualTo("192.168.1.1 65000"));
        });
        assertThat(settings.dnsAddress()).hasValueSatisfying(a -> assertThat(a.getHostAddress()).isEqualTo("10.53.53.53"));
    }

    @Test
    void missingAsNumbersAndNeighborsAreEachNamedByKey() {
        assertThat(problems(Map.of("gateway.bgp.enabled", "true", "gateway.bgp.neighbors[0].address", "192.168.1.1")))
                .containsExactly(
                        new ModelProblem("gateway.bgp.local-as", "(absent)",
                                "an AS number is required when gateway.bgp.enabled is true"),
                        new ModelProblem("gateway.bgp.neighbors[0].remote-as", "(absent)",
                                "an AS number is required when gateway.bgp.enabled is true"));
        assertThat(problems(Map.of("gateway.bgp.enabled", "true", "gateway.bgp.local-as", "4294967296")))
                .extracting(ModelProblem::key, ModelProblem::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("gateway.bgp.local-as", "4294967296"),
                        org.assertj.core.groups.Tuple.tuple("gateway.bgp.neighbors", "[]"));
    }

    @Test
    void aNeighborThatIsThisGatewayIsRefused() {
        assertThat(problems(Map.of("gateway.bgp.enabled", "true", "gateway.bgp.local-as", "65010",
                "gateway.bgp.neighbors[0].address", "192.168.1.109", "gateway.bgp.neighbors[0].remote-as", "65000",
                "gateway.bgp.neighbors[1].address", "127.0.0.1", "gateway.bgp.neighbors[1].remote-as", "65000")))
                .extracting(ModelProblem::key, ModelProblem::value, ModelProblem::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("gateway.bgp.neighbors[0].address", "192.168.1.109",
                                "is one of this gateway's own addresses; a neighbor is the router it peers with"),
                        org.assertj.core.groups.Tuple.tuple("gateway.bgp.neighbors[1].address", "127.0.0.1",
                                "is one of this gateway's own addresses; a neighbor is the router it peers with"));
    }

    @Test
    void aDnsAddressInsideAClusterOrOfficeRangeIsRefused() {
        Map<String, String> peering = Map.of("gateway.bgp.enabled", "true", "gateway.bgp.local-as", "65010",
                "gateway.bgp.neighbors[0].address", "192.168.1.1", "gateway.bgp.neighbors[0].remote-as", "65000");

        assertThat(problems(with(peering, "gateway.bgp.dns-address", "10.96.0.53"))).singleElement()
                .isEqualTo(new ModelProblem("gateway.bgp.dns-address", "10.96.0.53", "is inside 10.96.0.0/16 of cluster "
                        + "old: routers would send that cluster's traffic to this address"));
        assertThat(problems(with(peering, "gateway.bgp.dns-address", "10.1.3.53"))).singleElement()
                .isEqualTo(new ModelProblem("gateway.bgp.dns-address", "10.1.3.53", "is inside 10.1.3.0/24 of office "
                        + "hq: laptops there would look for it on their own network"));
        assertThat(problems(with(peering, "gateway.bgp.dns-address", "fd00::53"))).singleElement()
                .extracting(ModelProblem::message).isEqualTo("must be an IPv4 address (announced as a /32)");
    }

    @Test
    void aDnsAddressTheListenerWouldNotAnswerIsRefused() {
        Map<String, String> properties = new HashMap<>(Map.of("gateway.bgp.enabled", "true",
                "gateway.bgp.local-as", "65010", "gateway.bgp.neighbors[0].address", "192.168.1.1",
                "gateway.bgp.neighbors[0].remote-as", "65000", "gateway.bgp.dns-address", "10.53.53.53"));
        properties.put("gateway.dns.listen", "192.168.1.109:53");

        assertThat(problems(properties)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("gateway.bgp.dns-address");
            assertThat(p.message()).startsWith("the DNS listener would not answer there: add \"10.53.53.53:53\"");
        });
    }

    @Test
    void aHoldTimeUnderThreeSecondsAndAnIpv6RouterIdAreRefused() {
        assertThat(problems(Map.of("gateway.bgp.enabled", "true", "gateway.bgp.local-as", "65010",
                "gateway.bgp.router-id", "fd00::1", "gateway.bgp.hold-time", "1s",
                "gateway.bgp.neighbors[0].address", "192.168.1.1", "gateway.bgp.neighbors[0].remote-as", "65000")))
                .extracting(ModelProblem::key).containsExactly("gateway.bgp.router-id", "gateway.bgp.hold-time");
    }

    private static Map<String, String> with(Map<String, String> properties, String key, String value) {
        Map<String, String> all = new HashMap<>(properties);
        all.put(key, value);
        return all;
    }

    private static BgpSettings validate(Map<String, String> bgp) {
        Map<String, String> properties = new HashMap<>(BASE);
        properties.putAll(bgp);
        GatewayConfig config = TestSettings.config(properties);
        return new BgpConfigValidator(TestSettings.LOOPBACK_HOST)
                .validate(config.bgp(), TestSettings.validated(properties));
    }

    private static List<ModelProblem> problems(Map<String, String> bgp) {
        return catchThrowableOfType(InvalidConfigurationException.class, () -> validate(bgp)).problems();
    }
}
