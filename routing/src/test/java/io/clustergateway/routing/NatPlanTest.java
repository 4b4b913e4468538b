package io.clustergateway.routing;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static io.clustergateway.routing.CidrTest.cidrs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NatPlanTest {

    private static final Office HQ = new Office("hq", cidrs("10.1.3.0/24"));
    private static final Cluster OLD = new Cluster("old", cidrs("10.200.0.0/16"), cidrs("10.96.0.0/12"));
    private static final Cluster NEW = new Cluster("new", cidrs("10.201.0.0/16"), List.of());
    private static final NetworkModel MODEL = new NetworkModel(List.of(HQ), List.of(OLD, NEW));

    @Test
    void officeToEveryClusterCidrWithoutBridging() {
        NatPlan plan = NatPlan.of(MODEL, NatOptions.masquerade(false));

        assertThat(plan.rules()).extracting(NatRule::toString).containsExactly(
                "office:hq 10.1.3.0/24 -> cluster:new 10.201.0.0/16 masquerade",
                "office:hq 10.1.3.0/24 -> cluster:old 10.96.0.0/12 masquerade",
                "office:hq 10.1.3.0/24 -> cluster:old 10.200.0.0/16 masquerade");
        assertThat(plan.isEmpty()).isFalse();
        assertThat(plan.hasIpv6()).isFalse();
    }

    @Test
    void bridgingAddsBothDirectionsButNothingWithinACluster() {
        NatPlan plan = NatPlan.of(MODEL, NatOptions.masquerade(true));

        assertThat(plan.rules()).extracting(NatRule::comment).containsExactly(
                "office:hq 10.1.3.0/24 -> cluster:new 10.201.0.0/16",
                "office:hq 10.1.3.0/24 -> cluster:old 10.96.0.0/12",
                "office:hq 10.1.3.0/24 -> cluster:old 10.200.0.0/16",
                "cluster:new 10.201.0.0/16 -> cluster:old 10.96.0.0/12",
                "cluster:new 10.201.0.0/16 -> cluster:old 10.200.0.0/16",
                "cluster:old 10.96.0.0/12 -> cluster:new 10.201.0.0/16",
                "cluster:old 10.200.0.0/16 -> cluster:new 10.201.0.0/16");
        assertThat(plan.rules()).noneMatch(rule -> rule.sender().equals(rule.receiver()));
    }

    @Test
    void snatToTheGivenAddress() throws Exception {
        InetAddress snat = InetAddress.getByName("192.168.1.109");

        NatPlan plan = NatPlan.of(MODEL, new NatOptions(Optional.of(snat), false));

        assertThat(plan.rules()).extracting(NatRule::translation).containsOnly(new Translation.Snat(snat));
        assertThat(plan.rules().get(0).toString())
                .isEqualTo("office:hq 10.1.3.0/24 -> cluster:new 10.201.0.0/16 snat to 192.168.1.109");
    }

    @Test
    void familiesAreNeverMixedAndTheOtherFamilyIsMasqueraded() throws Exception {
        Office dual = new Office("hq", cidrs("10.1.3.0/24", "fd00:1:3::/64"));
        Cluster v6 = new Cluster("v6", cidrs("fd00:200::/64"), cidrs("10.97.0.0/16"));
        InetAddress snat = InetAddress.getByName("192.168.1.109");

        NatPlan plan = NatPlan.of(new NetworkModel(List.of(dual), List.of(v6)), new NatOptions(Optional.of(snat), true));

        assertThat(plan.rules()).extracting(NatRule::toString).containsExactly(
                "office:hq 10.1.3.0/24 -> cluster:v6 10.97.0.0/16 snat to 192.168.1.109",
                "office:hq fd00:1:3::/64 -> cluster:v6 fd00:200::/64 masquerade");
        assertThat(plan.hasIpv6()).isTrue();
        assertThat(plan.ipv4Rules()).hasSize(1);
        assertThat(plan.ipv6Rules()).hasSize(1);
    }

    @Test
    void aRuleCannotMixFamilies() {
        assertThatThrownBy(() -> new NatRule(NetworkRef.office("hq"), Cidr.parse("10.1.3.0/24"), NetworkRef.cluster("v6"),
                Cidr.parse("fd00::/64"), Translation.MASQUERADE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.1.3.0/24 -> fd00::/64");
    }

    @Test
    void orderDoesNotDependOnConfigurationOrder() {
        List<Cluster> reversed = new ArrayList<>(MODEL.clusters());
        Collections.reverse(reversed);
        Office branch = new Office("branch", cidrs("10.2.0.0/24"));

        NatPlan one = NatPlan.of(new NetworkModel(List.of(HQ, branch), MODEL.clusters()), NatOptions.masquerade(true));
        NatPlan other = NatPlan.of(new NetworkModel(List.of(branch, HQ), reversed), NatOptions.masquerade(true));

        assertThat(one).isEqualTo(other);
        assertThat(one.rules().get(0).sender()).isEqualTo(NetworkRef.office("branch"));
    }

    @Test
    void noOfficesAndOneClusterIsAnEmptyPlan() {
        NatPlan plan = NatPlan.of(new NetworkModel(List.of(), List.of(OLD)), NatOptions.masquerade(true));

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.hasIpv6()).isFalse();
        assertThat(NatPlan.empty().isEmpty()).isTrue();
    }

    @Test
    void diffListsAddedAndRemovedRules() {
        NatPlan before = NatPlan.of(MODEL, NatOptions.masquerade(false));
        Cluster moved = new Cluster("new", cidrs("10.202.0.0/16"), List.of());
        NatPlan after = NatPlan.of(new NetworkModel(List.of(HQ), List.of(OLD, moved)), NatOptions.masquerade(false));

        NatPlan.Diff diff = before.diff(after);

        assertThat(diff.isEmpty()).isFalse();
        assertThat(diff.lines()).containsExactly(
                "- office:hq 10.1.3.0/24 -> cluster:new 10.201.0.0/16 masquerade",
                "+ office:hq 10.1.3.0/24 -> cluster:new 10.202.0.0/16 masquerade");
        assertThat(after.diff(after).isEmpty()).isTrue();
    }

    @Test
    void commentIsSafeForNftAndBounded() {
        NetworkRef.ClusterRef longName = NetworkRef.cluster("x".repeat(200) + "\"quoted\"");
        NatRule rule = new NatRule(NetworkRef.office("h\"q"), Cidr.parse("fd00:1:2:3:4:5:6:0/112"), longName,
                Cidr.parse("fd00:aaaa:bbbb:cccc:dddd:eeee:ffff:0/112"), Translation.MASQUERADE);

        assertThat(rule.comment()).hasSizeLessThanOrEqualTo(128)
                .doesNotContain("\"").doesNotContain("\\")
                .startsWith("office:h_q fd00:1:2:3:4:5:6:0/112 -> cluster:xxx");
    }
}
