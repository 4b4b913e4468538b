package io.clustergateway.routing.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustergateway.routing.NatPlan;
import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.testsupport.GatewayLab;
import io.clustergateway.testkit.Requirements;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The iptables backend (whichever iptables is on PATH) against the real kernel, on the node of a namespace lab. */
class IptablesBackendNetnsTest {
    private static final NatPlan PLAN = Plans.officeToPods(GatewayLab.OFFICE_CIDR, GatewayLab.POD_CIDR);
    private static final String BYSTANDER_RULE = "-A POSTROUTING -s 10.99.0.0/16 -m comment --comment bystander -j MASQUERADE";

    private static GatewayLab lab;
    private static NatBackend backend;

    @BeforeAll
    static void buildLab() throws Exception {
        Requirements.requireNetns("iptables", "iptables-save", "iptables-restore", "ip6tables-save", "socat", "ss");
        lab = GatewayLab.start();
        backend = NatBackends.create(NatBackendKind.IPTABLES, lab.nodeRunner());
    }

    @AfterAll
    static void deleteLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @BeforeEach
    void startWithoutOurChain() throws CommandException {
        backend.remove();
    }

    @Test
    void afterApplyThePodSeesTheNodeAndTheJumpIsNeverDuplicated() throws CommandException {
        assertThat(lab.peerSeenByPod()).isEmpty();

        backend.apply(PLAN);
        backend.apply(PLAN);

        assertThat(lab.peerSeenByPod()).contains(GatewayLab.NODE_CLUSTER_ADDRESS);
        assertThat(natLines()).containsOnlyOnce("-A POSTROUTING -j CLUSTER-GATEWAY")
                .contains("-A CLUSTER-GATEWAY -s 10.1.3.0/24 -d 10.200.0.0/16 -m comment --comment \"office:hq 10.1.3.0/24 -> cluster:old 10.200.0.0/16\" -j MASQUERADE");
        assertThat(backend.inspect(PLAN)).isEqualTo(new NatStatus(true, List.of(), true));
    }

    @Test
    void rulesFlushedByHandAreDriftThatApplyRepairs() throws CommandException {
        backend.apply(PLAN);
        lab.onNode("iptables", "-t", "nat", "-F", "CLUSTER-GATEWAY");
        lab.onNode("iptables", "-t", "nat", "-A", "POSTROUTING", "-j", "CLUSTER-GATEWAY");

        assertThat(backend.inspect(PLAN).drift()).containsExactly(
                "jump from POSTROUTING to CLUSTER-GATEWAY present 2 times in iptables nat",
                "missing rule in iptables nat: -s 10.1.3.0/24 -d 10.200.0.0/16 -j MASQUERADE (office:hq 10.1.3.0/24 -> cluster:old 10.200.0.0/16)");
        assertThat(lab.peerSeenByPod()).isEmpty();

        backend.apply(PLAN);

        assertThat(backend.inspect(PLAN).inSync()).isTrue();
        assertThat(natLines()).containsOnlyOnce("-A POSTROUTING -j CLUSTER-GATEWAY");
        assertThat(lab.peerSeenByPod()).contains(GatewayLab.NODE_CLUSTER_ADDRESS);
    }

    @Test
    void removeCleansOnlyOurs() throws CommandException {
        lab.onNode("iptables", "-t", "nat", "-A", "POSTROUTING", "-s", "10.99.0.0/16", "-m", "comment", "--comment", "bystander", "-j", "MASQUERADE");
        lab.onNode("iptables", "-t", "nat", "-N", "BYSTANDER");
        try {
            backend.apply(PLAN);
            backend.remove();

            assertThat(natLines()).contains(BYSTANDER_RULE, ":BYSTANDER - [0:0]")
                    .noneMatch(line -> line.contains("CLUSTER-GATEWAY"));
            assertThat(lab.peerSeenByPod()).isEmpty();
        } finally {
            lab.onNode("iptables", "-t", "nat", "-D", "POSTROUTING", "-s", "10.99.0.0/16", "-m", "comment", "--comment", "bystander", "-j", "MASQUERADE");
            lab.onNode("iptables", "-t", "nat", "-X", "BYSTANDER");
        }
    }

    @Test
    void aRejectedRestoreLeavesThePreviousRules() throws CommandException {
        backend.apply(PLAN);
        NatBackend broken = new IptablesBackend(lab.nodeRunner(), input -> input.replace("-j MASQUERADE", "-j NO-SUCH-TARGET"));

        assertThatThrownBy(() -> broken.apply(Plans.masquerade()))
                .isInstanceOf(CommandException.class)
                .hasMessageStartingWith("`ip netns exec " + lab.nodeNamespace() + " iptables-restore --noflush` failed (exit ");

        assertThat(backend.inspect(PLAN).inSync()).isTrue();
        assertThat(lab.peerSeenByPod()).contains(GatewayLab.NODE_CLUSTER_ADDRESS);
    }

    private static List<String> natLines() throws CommandException {
        return Arrays.asList(lab.onNode("iptables-save", "-t", "nat").split("\n"));
    }

    @Test
    void ipv6RulesGoToIp6tablesAndLeaveWithThem() throws CommandException {
        backend.apply(Plans.dualStack());

        assertThat(backend.inspect(Plans.dualStack())).isEqualTo(new NatStatus(true, List.of(), true));
        assertThat(lab.onNode("ip6tables-save", "-t", "nat"))
                .contains("-A CLUSTER-GATEWAY -s fd00:1:3::/64 -d fd00:200::/56 -m comment --comment \"office:hq fd00:1:3::/64 -> cluster:old fd00:200::/56\" -j MASQUERADE");

        backend.apply(PLAN);

        assertThat(lab.onNode("ip6tables-save", "-t", "nat")).doesNotContain("CLUSTER-GATEWAY");
        assertThat(backend.inspect(PLAN).inSync()).isTrue();
    }
}
