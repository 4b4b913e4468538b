package io.clustergateway.gateway.model;

import io.clustergateway.gateway.testsupport.TestSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.dns.ClusterDns;
import io.clustergateway.gateway.config.Addresses;
import io.clustergateway.gateway.config.GatewaySettings;
import io.clustergateway.gateway.discovery.DiscoveredCluster;
import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.NatRule;
import io.clustergateway.routing.publish.StaticRoute;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Configured values win, discovered ones fill the gaps, disagreements are kept, and everything derives from the merge. */
class ModelBuilderTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static final GatewaySettings SETTINGS = settings(Map.ofEntries(
            Map.entry("gateway.node-address", "192.168.1.109"),
            Map.entry("gateway.dns.upstreams[0]", "127.0.0.53"),
            Map.entry("gateway.dns.allow-from[0]", "172.16.0.0/12"),
            Map.entry("gateway.offices.hq.cidrs[0]", "10.1.3.0/24"),
            Map.entry("gateway.clusters.lab.kubernetes.enabled", "true"),
            Map.entry("gateway.clusters.lab2.kubernetes.enabled", "true"),
            Map.entry("gateway.clusters.lab2.dns[0]", "10.97.0.10"),
            Map.entry("gateway.clusters.lab2.pod-cidrs[0]", "10.245.0.0/16"),
            Map.entry("gateway.clusters.pending.kubernetes.enabled", "true")));

    private static GatewaySettings settings(Map<String, String> properties) {
        return TestSettings.validated(properties);
    }

    private static final Map<String, DiscoveredCluster> DISCOVERED = Map.of(
            "lab", new DiscoveredCluster("lab", Optional.of(new InetSocketAddress("10.96.0.10", 53)),
                    List.of("10.244.0.0/23"), List.of("10.96.0.0/12"), "nodes", "kubeadm-config", true,
                    Optional.empty(), NOW),
            "lab2", new DiscoveredCluster("lab2", Optional.of(new InetSocketAddress("10.97.0.10", 53)),
                    List.of("10.246.0.0/23"), List.of("10.112.0.0/16"), "nodes", "servicecidrs", true,
                    Optional.empty(), NOW));

    @Test
    void discoveredValuesFillWhatTheConfigurationLeavesOut() {
        GatewayModel model = ModelBuilder.build(SETTINGS, DISCOVERED, NOW);
        EffectiveCluster lab = model.cluster("lab").orElseThrow();

        assertThat(lab.dns()).isEqualTo(new Sourced<>(List.of(new InetSocketAddress("10.96.0.10", 53)), Source.DISCOVERY,
                "kube-dns service"));
        assertThat(lab.pods()).isEqualTo(new Sourced<>(List.of(Cidr.parse("10.244.0.0/23")), Source.DISCOVERY, "nodes"));
        assertThat(lab.services().origin()).isEqualTo("discovery (kubeadm-config)");
        assertThat(lab.disagreements()).isEmpty();
        assertThat(model.publishedRoutes()).extracting(r -> r.destination().toString(), StaticRoute::cluster)
                .contains(org.assertj.core.groups.Tuple.tuple("10.244.0.0/23", "lab"),
                        org.assertj.core.groups.Tuple.tuple("10.96.0.0/12", "lab"));
        assertThat(model.natPlan().rules()).extracting(NatRule::toString)
                .contains("office:hq 10.1.3.0/24 -> cluster:lab 10.244.0.0/23 masquerade");
    }

    @Test
    void configuredValuesWinAndEachDifferenceIsReported() {
        EffectiveCluster lab2 = ModelBuilder.build(SETTINGS, DISCOVERED, NOW).cluster("lab2").orElseThrow();

        assertThat(lab2.pods()).isEqualTo(new Sourced<>(List.of(Cidr.parse("10.245.0.0/16")), Source.CONFIG, ""));
        assertThat(lab2.dnsServers()).containsExactly(new InetSocketAddress("10.97.0.10", 53));
        // the dns agrees; pod CIDRs differ; service CIDRs are not configured, so discovery fills them
        assertThat(lab2.disagreements()).singleElement().satisfies(d -> {
            assertThat(d.field()).isEqualTo("pod-cidrs");
            assertThat(d.configured()).containsExactly("10.245.0.0/16");
            assertThat(d.discovered()).containsExactly("10.246.0.0/23");
            assertThat(d.describe()).isEqualTo("cluster lab2: configured pod-cidrs [10.245.0.0/16] (used) differs from"
                    + " discovered [10.246.0.0/23] (from nodes)");
        });
        assertThat(lab2.services().source()).isEqualTo(Source.DISCOVERY);
    }

    @Test
    void aClusterWhoseDnsIsNotKnownYetKeepsItsDnsRouteWithNoServer() {
        GatewayModel model = ModelBuilder.build(SETTINGS, DISCOVERED, NOW);

        assertThat(model.cluster("pending").orElseThrow().dns().source()).isEqualTo(Source.NONE);
        assertThat(model.dnsRoutes().clusters()).extracting(ClusterDns::name).containsExactly("lab", "lab2", "pending");
        assertThat(model.dnsRoutes().clusters().get(0).alias()).hasToString("lab.cluster.local.");
        ClusterDns pending = model.dnsRoutes().clusters().get(2);
        assertThat(pending.alias()).hasToString("pending.cluster.local.");
        assertThat(pending.servers()).as("no CoreDNS known: names under its alias fail, not go upstream").isEmpty();
        assertThat(model.dnsRoutes().upstreams()).extracting(Addresses::format).containsExactly("127.0.0.53:53");
    }

    @Test
    void everyoneTheGatewayServesMayAsk() {
        GatewayModel model = ModelBuilder.build(SETTINGS, DISCOVERED, NOW);

        assertThat(model.dnsRoutes().allowFrom())
                .contains("172.16.0.0/12", "10.1.3.0/24", "10.244.0.0/23", "10.96.0.0/12", "10.245.0.0/16");
    }

    @Test
    void discoveredOverlapsAreReportedNotFatal() {
        Map<String, DiscoveredCluster> overlapping = Map.of("lab", new DiscoveredCluster("lab", Optional.empty(),
                List.of("10.245.0.0/24", "not-a-cidr"), List.of(), "nodes", "", true, Optional.empty(), NOW));

        GatewayModel model = ModelBuilder.build(SETTINGS, overlapping, NOW);

        assertThat(model.problems()).extracting(Object::toString).anySatisfy(p -> assertThat(p)
                .contains("10.245.0.0").contains("gateway.clusters.lab.pod-cidrs"));
        assertThat(model.problems()).extracting(Object::toString)
                .anySatisfy(p -> assertThat(p).contains("not-a-cidr").contains("discovered value ignored"));
    }

    @Test
    void aDiscoveredCidrThatOverlapsAConfiguredOrEarlierOneIsLeftOutOfEverythingAndReported() {
        Map<String, DiscoveredCluster> overlapping = Map.of(
                // 10.245.0.0/24 lies in lab2's configured pod CIDR, 10.1.3.0/25 in office hq
                "lab", new DiscoveredCluster("lab", Optional.of(new InetSocketAddress("10.96.0.10", 53)),
                        List.of("10.244.0.0/23", "10.245.0.0/24"), List.of("10.1.3.0/25", "10.96.0.0/12"), "nodes",
                        "kubeadm-config", true, Optional.empty(), NOW),
                // pending (after lab) reports a pod CIDR inside what lab's discovery already holds
                "pending", new DiscoveredCluster("pending", Optional.of(new InetSocketAddress("10.98.0.10", 53)),
                        List.of("10.244.0.0/24", "10.250.0.0/16"), List.of(), "nodes", "", true, Optional.empty(), NOW));

        GatewayModel model = ModelBuilder.build(SETTINGS, overlapping, NOW);

        assertThat(model.problems()).extracting(Object::toString).contains(
                "gateway.clusters.lab.pod-cidrs=10.245.0.0/24: discovered value ignored:"
                        + " overlaps gateway.clusters.lab2.pod-cidrs 10.245.0.0/16",
                "gateway.clusters.lab.service-cidrs=10.1.3.0/25: discovered value ignored:"
                        + " overlaps gateway.offices.hq.cidrs 10.1.3.0/24",
                "gateway.clusters.pending.pod-cidrs=10.244.0.0/24: discovered value ignored:"
                        + " overlaps gateway.clusters.lab.pod-cidrs 10.244.0.0/23");
        EffectiveCluster lab = model.cluster("lab").orElseThrow();
        assertThat(lab.podCidrs()).extracting(Object::toString).containsExactly("10.244.0.0/23");
        assertThat(lab.serviceCidrs()).extracting(Object::toString).containsExactly("10.96.0.0/12");
        assertThat(lab.pods().value()).extracting(Object::toString).containsExactly("10.244.0.0/23");
        assertThat(model.cluster("pending").orElseThrow().podCidrs()).extracting(Object::toString)
                .containsExactly("10.250.0.0/16");

        List<String> dropped = List.of("10.245.0.0/24", "10.1.3.0/25", "10.244.0.0/24");
        assertThat(model.natPlan().rules()).extracting(rule -> rule.destination().toString())
                .doesNotContainAnyElementsOf(dropped)
                .contains("10.244.0.0/23", "10.96.0.0/12", "10.250.0.0/16");
        assertThat(model.natPlan().rules()).extracting(rule -> rule.source().toString())
                .doesNotContainAnyElementsOf(dropped);
        assertThat(model.publishedRoutes()).extracting(route -> route.destination().toString())
                .doesNotContainAnyElementsOf(dropped)
                .contains("10.250.0.0/16");
        assertThat(model.dnsRoutes().clusters()).flatExtracting(ClusterDns::reverseCidrs)
                .doesNotContainAnyElementsOf(dropped);
    }
}
