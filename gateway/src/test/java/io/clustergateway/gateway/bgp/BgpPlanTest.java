package io.clustergateway.gateway.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.clustergateway.gateway.config.GatewaySettings;
import io.clustergateway.gateway.model.GatewayModel;
import io.clustergateway.gateway.model.ModelBuilder;
import io.clustergateway.gateway.testsupport.TestSettings;
import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.bgp.Announcement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BgpPlanTest {
    private static final Instant NOW = Instant.parse("2026-12-02T14:00:00Z");
    private static final Map<String, String> PROPERTIES = new HashMap<>(Map.of(
            "gateway.node-address", "192.168.1.109",
            "gateway.dns.listen", "0.0.0.0:53",
            "gateway.dns.upstreams", "203.0.113.53",
            "gateway.clusters.old.dns", "10.96.0.10",
            "gateway.clusters.old.pod-cidrs", "10.200.0.0/16",
            "gateway.clusters.old.service-cidrs", "10.96.0.0/16",
            "gateway.clusters.new.dns", "10.254.0.10",
            "gateway.clusters.new.pod-cidrs", "10.201.0.0/16",
            "gateway.clusters.new.service-cidrs", "10.254.0.0/16",
            "gateway.routes.summarize", "true"));
    private static final PathState UP = PathState.unchecked(NOW).after(ProbeResult.ok(), NOW);
    private static final PathState DOWN = PathState.unchecked(NOW).after(ProbeResult.failed("via 192.168.1.10 unreachable"), NOW);

    static {
        PROPERTIES.putAll(Map.of("gateway.bgp.enabled", "true", "gateway.bgp.local-as", "65010",
                "gateway.bgp.neighbors[0].address", "192.168.1.1", "gateway.bgp.neighbors[0].remote-as", "65000",
                "gateway.bgp.dns-address", "10.53.53.53"));
    }

    private final GatewaySettings settings = TestSettings.validated(PROPERTIES);
    private final GatewayModel model = ModelBuilder.build(settings, Map.of(), NOW);
    private final BgpSettings bgp = new BgpConfigValidator(TestSettings.LOOPBACK_HOST)
            .validate(TestSettings.config(PROPERTIES).bgp(), settings);

    @Test
    void everyClusterWithAPathIsAnnouncedPerClusterNeverSummarizedAcross() {
        BgpPlan plan = BgpPlan.compute(model, bgp, Map.of("old", UP, "new", UP), true, Optional.empty());

        // 10.200/16 and 10.201/16 would summarize into 10.200/15 across both clusters: never for BGP
        assertThat(plan.announced()).containsExactlyInAnyOrder(
                new Announcement(Cidr.parse("10.96.0.0/16"), "cluster old"),
                new Announcement(Cidr.parse("10.200.0.0/16"), "cluster old"),
                new Announcement(Cidr.parse("10.201.0.0/16"), "cluster new"),
                new Announcement(Cidr.parse("10.254.0.0/16"), "cluster new"),
                new Announcement(Cidr.parse("10.53.53.53/32"), "dns"));
        assertThat(plan.withdrawn()).isEmpty();
    }

    @Test
    void aBrokenPathWithdrawsOnlyThatClusterSayingWhy() {
        BgpPlan plan = BgpPlan.compute(model, bgp, Map.of("old", DOWN, "new", UP), true, Optional.empty());

        assertThat(plan.withdrawn()).extracting(w -> w.prefix().toString(), Withdrawal::reason).containsExactlyInAnyOrder(
                tuple("10.96.0.0/16", "path down: via 192.168.1.10 unreachable"),
                tuple("10.200.0.0/16", "path down: via 192.168.1.10 unreachable"));
        assertThat(plan.announced()).extracting(Announcement::owner).containsOnly("cluster new", "dns");
    }

    @Test
    void aClusterNotCheckedYetIsNotAnnounced() {
        BgpPlan plan = BgpPlan.compute(model, bgp, Map.of("new", UP), true, Optional.empty());

        assertThat(plan.withdrawn()).extracting(Withdrawal::owner, Withdrawal::reason)
                .containsOnly(tuple("cluster old", "not checked yet"));
    }

    @Test
    void theDnsAddressFollowsTheListener() {
        BgpPlan plan = BgpPlan.compute(model, bgp, Map.of("old", UP, "new", UP), false, Optional.empty());

        assertThat(plan.withdrawn()).extracting(Withdrawal::owner, Withdrawal::reason)
                .containsExactly(tuple("dns", "DNS listener not serving"));
    }

    @Test
    void unrepairedNatWithdrawsEverything() {
        BgpPlan plan = BgpPlan.compute(model, bgp, Map.of("old", UP, "new", UP), true,
                Optional.of("`nft -f -` failed: Operation not permitted"));

        assertThat(plan.announced()).isEmpty();
        assertThat(plan.withdrawn()).hasSize(5).allSatisfy(w -> assertThat(w.reason())
                .isEqualTo("NAT rules out of sync: `nft -f -` failed: Operation not permitted"));
        assertThat(BgpPlan.possiblePrefixes(model, bgp)).hasSize(5);
    }
}
