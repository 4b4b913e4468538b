package io.clustergateway.routing.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustergateway.routing.NatPlan;
import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.testsupport.GatewayLab;
import io.clustergateway.testkit.Requirements;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The nftables backend against the real kernel, on the gateway node of a namespace lab. */
class NftablesBackendNetnsTest {
    private static final NatPlan PLAN = Plans.officeToPods(GatewayLab.OFFICE_CIDR, GatewayLab.POD_CIDR);
    private static final String BYSTANDER = """
            table ip bystander {
            	chain forward {
            		type filter hook forward priority filter; policy accept;
            		ip saddr 10.99.0.0/16 accept comment "someone else's rule"
            	}
            }
            """;

    private static GatewayLab lab;
    private static NatBackend backend;

    @BeforeAll
    static void buildLab() throws Exception {
        Requirements.requireNetns("nft", "socat", "ss");
        lab = GatewayLab.start();
        backend = NatBackends.create(NatBackendKind.NFTABLES, lab.nodeRunner());
    }

    @AfterAll
    static void deleteLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @BeforeEach
    void startWithoutOurTable() throws CommandException {
        backend.remove();
        lab.onNode("sysctl", "-qw", "net.ipv4.ip_forward=1");
    }

    @Test
    void withoutThePlanTheOfficeCannotReachThePod() throws CommandException {
        assertThat(lab.peerSeenByPod()).isEmpty();
        assertThat(backend.inspect(PLAN).drift()).containsExactly("table ip cluster_gateway absent");
    }

    @Test
    void afterApplyThePodSeesTheNodeAsPeer() throws CommandException {
        backend.apply(PLAN);

        assertThat(lab.peerSeenByPod()).contains(GatewayLab.NODE_CLUSTER_ADDRESS);
        assertThat(backend.inspect(PLAN)).isEqualTo(new NatStatus(true, List.of(), true));
    }

    @Test
    void aTableDeletedByHandIsDriftThatApplyRepairs() throws CommandException {
        backend.apply(PLAN);
        lab.onNode("nft", "delete", "table", "ip", "cluster_gateway");

        NatStatus drifted = backend.inspect(PLAN);
        assertThat(drifted.inSync()).isFalse();
        assertThat(drifted.drift()).containsExactly("table ip cluster_gateway absent");
        assertThat(lab.peerSeenByPod()).isEmpty();

        backend.apply(PLAN);

        assertThat(backend.inspect(PLAN).inSync()).isTrue();
        assertThat(lab.peerSeenByPod()).contains(GatewayLab.NODE_CLUSTER_ADDRESS);
    }

    @Test
    void aRuleAndSetElementChangedByHandAreDrift() throws CommandException {
        backend.apply(PLAN);
        lab.onNode("nft", "add", "element", "ip", "cluster_gateway", "office_hq", "{ 10.77.0.0/16 }");
        lab.onNode("nft", "flush", "chain", "ip", "cluster_gateway", "postrouting");

        assertThat(backend.inspect(PLAN).drift()).containsExactly(
                "set office_hq has unexpected 10.77.0.0/16",
                "missing rule: ip saddr @office_hq ip daddr @cluster_old masquerade (office:hq -> cluster:old)");
    }

    @Test
    void anotherTableSurvivesApplyAndRemoveUnchanged() throws CommandException {
        lab.nodeRunner().run(List.of("nft", "-f", "-"), BYSTANDER);
        try {
            String before = lab.onNode("nft", "list", "table", "ip", "bystander");

            backend.apply(PLAN);
            assertThat(lab.onNode("nft", "list", "table", "ip", "bystander")).isEqualTo(before);
            backend.remove();

            assertThat(lab.onNode("nft", "list", "table", "ip", "bystander")).isEqualTo(before);
            assertThat(lab.onNode("nft", "list", "tables")).isEqualTo("table ip bystander\n");
        } finally {
            lab.onNode("nft", "delete", "table", "ip", "bystander");
        }
    }

    @Test
    void aScriptNftCannotParseLeavesThePreviousRules() throws CommandException {
        backend.apply(PLAN);
        NatBackend broken = new NftablesBackend(lab.nodeRunner(), script -> script.replace("masquerade comment", "masquerade bogus comment"));

        assertThatThrownBy(() -> broken.apply(Plans.masquerade()))
                .isInstanceOf(CommandException.class)
                .hasMessageStartingWith("`ip netns exec " + lab.nodeNamespace() + " nft -f -` failed (exit 1): ")
                .hasMessageContaining("Error: syntax error");

        assertThat(backend.inspect(PLAN).inSync()).isTrue();
        assertThat(lab.peerSeenByPod()).contains(GatewayLab.NODE_CLUSTER_ADDRESS);
    }

    @Test
    void aTransactionTheKernelRejectsHalfwayLeavesThePreviousRules() throws CommandException {
        backend.apply(PLAN);
        // parses, but the kernel refuses masquerade outside a nat chain: after the table was already deleted in the batch
        NatBackend rejected = new NftablesBackend(lab.nodeRunner(), script -> script.replace("type nat hook", "type filter hook"));

        assertThatThrownBy(() -> rejected.apply(Plans.masquerade()))
                .isInstanceOf(CommandException.class)
                .hasMessageStartingWith("`ip netns exec " + lab.nodeNamespace() + " nft -f -` failed (exit 1): ")
                .hasMessageContaining("Error: Could not process rule: Operation not supported");

        assertThat(backend.inspect(PLAN).inSync()).isTrue();
        assertThat(lab.peerSeenByPod()).contains(GatewayLab.NODE_CLUSTER_ADDRESS);
    }

    @Test
    void forwardingTurnedOffIsDriftThatApplyRepairs() throws CommandException {
        backend.apply(PLAN);
        lab.onNode("sysctl", "-qw", "net.ipv4.ip_forward=0");

        NatStatus status = backend.inspect(PLAN);
        assertThat(status.forwardingEnabled()).isFalse();
        assertThat(status.drift()).containsExactly("IPv4 forwarding is off (net.ipv4.ip_forward = 0)");

        backend.apply(PLAN);

        assertThat(lab.onNode("sysctl", "-n", "net.ipv4.ip_forward").strip()).isEqualTo("1");
        assertThat(lab.peerSeenByPod()).contains(GatewayLab.NODE_CLUSTER_ADDRESS);
    }

    @Test
    void removeTakesOurTableAway() throws CommandException {
        backend.apply(PLAN);

        backend.remove();
        backend.remove();

        assertThat(lab.onNode("nft", "list", "tables")).isEmpty();
        assertThat(lab.peerSeenByPod()).isEmpty();
    }

    @Test
    void ipv6RulesLiveInAnIp6TableThatGoesWithThem() throws CommandException {
        backend.apply(Plans.dualStack());

        assertThat(backend.inspect(Plans.dualStack())).isEqualTo(new NatStatus(true, List.of(), true));
        assertThat(lab.onNode("nft", "list", "table", "ip6", "cluster_gateway"))
                .contains("elements = { fd00:96::/112,", "fd00:200::/56 }", "ip6 saddr @office_hq ip6 daddr @cluster_old counter packets 0 bytes 0 masquerade");
        assertThat(lab.onNode("sysctl", "-n", "net.ipv6.conf.all.forwarding").strip()).isEqualTo("1");

        backend.apply(PLAN);

        assertThat(lab.onNode("nft", "list", "tables")).isEqualTo("table ip cluster_gateway\n");
        assertThat(backend.inspect(PLAN).inSync()).isTrue();
    }
}
