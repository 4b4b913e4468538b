package io.clustergateway.routing.nat;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.Cluster;
import io.clustergateway.routing.NatOptions;
import io.clustergateway.routing.NatPlan;
import io.clustergateway.routing.NetworkModel;
import io.clustergateway.routing.Office;
import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.testsupport.TwinClustersLab;
import io.clustergateway.routing.translate.TranslationPlan;
import io.clustergateway.routing.translate.VirtualRange;
import io.clustergateway.routing.translate.VirtualRanges;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two clusters with the same pod address, each reached through its own virtual range, on the real kernel. */
class TranslationNetnsTest {
    private static final Cidr PODS = Cidr.parse("10.244.0.0/16");
    private static final String OLD_POD_VIRTUAL = "100.70.1.5";
    private static final String NEW_POD_VIRTUAL = "100.81.1.5";
    private static final NatPlan PLAN = plan();

    private static TwinClustersLab lab;
    private static NatBackend backend;

    @BeforeAll
    static void buildLab() throws Exception {
        lab = TwinClustersLab.start();
        backend = NatBackends.create(NatBackendKind.NFTABLES, lab.nodeRunner());
    }

    @AfterAll
    static void deleteLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @BeforeEach
    void startWithoutOurState() throws CommandException {
        backend.remove();
    }

    private static NatPlan plan() {
        try {
            VirtualRanges ranges = new VirtualRanges(List.of(
                    new VirtualRange("old", PODS, Cidr.parse("100.70.0.0/16")),
                    new VirtualRange("new", PODS, Cidr.parse("100.81.0.0/16"))));
            TranslationPlan translation = TranslationPlan.of(ranges, Map.of(
                    "old", InetAddress.getByName(TwinClustersLab.OLD_VIA),
                    "new", InetAddress.getByName(TwinClustersLab.NEW_VIA)), Optional.empty());
            NetworkModel model = new NetworkModel(List.of(new Office("hq", List.of(Cidr.parse(TwinClustersLab.OFFICE_CIDR)))),
                    List.of(new Cluster("old", List.of(PODS), List.of()), new Cluster("new", List.of(PODS), List.of())));
            return NatPlan.of(model, NatOptions.masquerade(false)).withTranslation(translation);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void withoutTranslationNeitherPodIsReachable() throws CommandException {
        assertThat(lab.askFromLaptop(OLD_POD_VIRTUAL)).isEmpty();
        assertThat(lab.askFromLaptop(TwinClustersLab.POD)).isEmpty();
    }

    @Test
    void theLaptopReachesTheSamePodAddressInEachClusterThroughItsVirtualAddress() throws CommandException {
        backend.apply(PLAN);

        assertThat(lab.askFromLaptop(OLD_POD_VIRTUAL)).contains("old " + TwinClustersLab.NODE_TOWARD_OLD);
        assertThat(lab.askFromLaptop(NEW_POD_VIRTUAL)).contains("new " + TwinClustersLab.NODE_TOWARD_NEW);
        assertThat(lab.askFromLaptop(TwinClustersLab.POD)).as("the ambiguous real address stays unrouted").isEmpty();
        assertThat(backend.inspect(PLAN)).isEqualTo(new NatStatus(true, List.of(), true));
    }

    @Test
    void theGatewaysOwnTrafficTakesTheSamePaths() throws CommandException {
        backend.apply(PLAN);

        assertThat(lab.askFromNode(OLD_POD_VIRTUAL)).contains("old " + TwinClustersLab.NODE_TOWARD_OLD);
        assertThat(lab.askFromNode(NEW_POD_VIRTUAL)).contains("new " + TwinClustersLab.NODE_TOWARD_NEW);
    }

    @Test
    void deletedTableRuleAndRouteAreDriftThatApplyRepairs() throws CommandException {
        backend.apply(PLAN);
        lab.onNode("nft", "delete", "table", "ip", "cluster_gateway");
        lab.onNode("ip", "rule", "del", "priority", "7300", "fwmark", "0x01000000/0xff000000", "lookup", "7301");
        lab.onNode("ip", "route", "del", "10.244.0.0/16", "table", "7302");

        assertThat(backend.inspect(PLAN).drift()).containsExactly(
                "table ip cluster_gateway absent",
                "missing ip rule priority 7300 fwmark 0x01000000/0xff000000 lookup 7301",
                "missing route 10.244.0.0/16 via 192.168.50.10 table 7302");
        assertThat(lab.askFromLaptop(OLD_POD_VIRTUAL)).isEmpty();

        backend.apply(PLAN);

        assertThat(backend.inspect(PLAN).inSync()).isTrue();
        assertThat(lab.askFromLaptop(OLD_POD_VIRTUAL)).contains("old " + TwinClustersLab.NODE_TOWARD_OLD);
        assertThat(lab.askFromLaptop(NEW_POD_VIRTUAL)).contains("new " + TwinClustersLab.NODE_TOWARD_NEW);
    }

    @Test
    void aChangedTranslationRuleIsDrift() throws CommandException {
        backend.apply(PLAN);
        lab.onNode("nft", "flush", "chain", "ip", "cluster_gateway", "translate_dnat");

        assertThat(backend.inspect(PLAN).drift()).containsExactly(
                "missing rule: translate_dnat: ip daddr 100.81.0.0/16 dnat ip prefix to 10.244.0.0/16 (cluster:new 100.81.0.0/16 is 10.244.0.0/16)",
                "missing rule: translate_dnat: ip daddr 100.70.0.0/16 dnat ip prefix to 10.244.0.0/16 (cluster:old 100.70.0.0/16 is 10.244.0.0/16)");
    }

    @Test
    void removeTakesTableRulesAndRoutesAway() throws CommandException {
        String rulesBefore = lab.onNode("ip", "rule", "show");
        backend.apply(PLAN);

        backend.remove();

        assertThat(lab.onNode("nft", "list", "tables")).isEmpty();
        assertThat(lab.onNode("ip", "rule", "show")).isEqualTo(rulesBefore);
        assertThat(lab.onNode("ip", "route", "show", "table", "all", "proto", "200")).isEmpty();
        assertThat(lab.askFromLaptop(OLD_POD_VIRTUAL)).isEmpty();
    }

    @Test
    void aPlanWithoutTranslationTakesRulesAndRoutesAway() throws CommandException {
        backend.apply(PLAN);
        NatPlan plain = PLAN.withTranslation(TranslationPlan.none());

        backend.apply(plain);

        assertThat(backend.inspect(plain).inSync()).isTrue();
        assertThat(lab.onNode("ip", "route", "show", "table", "all", "proto", "200")).isEmpty();
        assertThat(lab.onNode("nft", "list", "table", "ip", "cluster_gateway")).doesNotContain("translate");
    }

    @Test
    void repliesPassAStrictReversePathFilter() throws CommandException {
        backend.apply(PLAN);
        lab.onNode("sysctl", "-qw", "net.ipv4.conf.all.rp_filter=1");
        try {
            assertThat(lab.askFromLaptop(OLD_POD_VIRTUAL)).contains("old " + TwinClustersLab.NODE_TOWARD_OLD);
            assertThat(lab.askFromLaptop(NEW_POD_VIRTUAL)).contains("new " + TwinClustersLab.NODE_TOWARD_NEW);
        } finally {
            lab.onNode("sysctl", "-qw", "net.ipv4.conf.all.rp_filter=0");
        }
    }

    @Test
    void routeLookupByMarkTurnedOffIsDriftThatApplyRepairs() throws CommandException {
        backend.apply(PLAN);
        lab.onNode("sysctl", "-qw", "net.ipv4.conf.all.src_valid_mark=0");

        assertThat(backend.inspect(PLAN).drift()).containsExactly(
                "replies from translated clusters fail a strict reverse path filter (net.ipv4.conf.all.src_valid_mark = 0)");

        backend.apply(PLAN);

        assertThat(lab.onNode("sysctl", "-n", "net.ipv4.conf.all.src_valid_mark").strip()).isEqualTo("1");
        assertThat(backend.inspect(PLAN).inSync()).isTrue();
    }
}
