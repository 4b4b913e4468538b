package io.clustergateway.routing.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.NatPlan;
import io.clustergateway.routing.NatRule;
import io.clustergateway.routing.NetworkRef;
import io.clustergateway.routing.Translation;
import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.testsupport.FakeCommandRunner;
import java.util.List;
import org.junit.jupiter.api.Test;

class NftablesBackendTest {
    private static final String LIST_IP = "nft -j list table ip cluster_gateway";
    /** Translated clusters' rules and routes no longer wanted are looked for (here: none present) after the table. */
    private static final String POLICY_RULES_LISTED = "ip -4 -j rule show";
    private static final String POLICY_ROUTES_LISTED = "ip -4 -j route show table all proto 200";
    private static final String LIST_IP6 = "nft -j list table ip6 cluster_gateway";
    private static final String ABSENT = "Error: No such file or directory\nlist table ip6 cluster_gateway\n";

    private final FakeCommandRunner runner = new FakeCommandRunner()
            .answer("sysctl -n net.ipv4.ip_forward", "1\n");
    private final NatBackend backend = NatBackends.create(NatBackendKind.NFTABLES, runner);

    @Test
    void rendersOneTableWithASetPerNetworkAndARulePerPair() {
        assertThat(backend.render(Plans.masquerade())).isEqualTo("""
                # cluster-gateway source NAT: one transaction that recreates our tables; other tables are untouched
                add table ip cluster_gateway
                delete table ip cluster_gateway
                table ip cluster_gateway {
                	comment "managed by cluster-gateway: replaced as a whole on every reconcile"
                	set cluster_new {
                		type ipv4_addr
                		flags interval
                		comment "cluster:new"
                		elements = { 10.100.0.0/16, 10.254.0.0/16 }
                	}

                	set cluster_old {
                		type ipv4_addr
                		flags interval
                		comment "cluster:old"
                		elements = { 10.96.0.0/12, 10.200.0.0/16 }
                	}

                	set office_branch {
                		type ipv4_addr
                		flags interval
                		comment "office:branch"
                		elements = { 10.2.0.0/16 }
                	}

                	set office_hq {
                		type ipv4_addr
                		flags interval
                		comment "office:hq"
                		elements = { 10.1.3.0/24 }
                	}

                	chain postrouting {
                		type nat hook postrouting priority srcnat; policy accept;
                		ip saddr @office_branch ip daddr @cluster_new counter masquerade comment "office:branch -> cluster:new"
                		ip saddr @office_branch ip daddr @cluster_old counter masquerade comment "office:branch -> cluster:old"
                		ip saddr @office_hq ip daddr @cluster_new counter masquerade comment "office:hq -> cluster:new"
                		ip saddr @office_hq ip daddr @cluster_old counter masquerade comment "office:hq -> cluster:old"
                		ip saddr @cluster_new ip daddr @cluster_old counter masquerade comment "cluster:new -> cluster:old"
                		ip saddr @cluster_old ip daddr @cluster_new counter masquerade comment "cluster:old -> cluster:new"
                	}
                }
                add table ip6 cluster_gateway
                delete table ip6 cluster_gateway
                """);
    }

    @Test
    void rendersSnatToTheConfiguredAddress() {
        assertThat(backend.render(Plans.snat("192.168.1.109"))).contains("""
                	chain postrouting {
                		type nat hook postrouting priority srcnat; policy accept;
                		ip saddr @office_branch ip daddr @cluster_new counter snat to 192.168.1.109 comment "office:branch -> cluster:new"
                		ip saddr @office_branch ip daddr @cluster_old counter snat to 192.168.1.109 comment "office:branch -> cluster:old"
                		ip saddr @office_hq ip daddr @cluster_new counter snat to 192.168.1.109 comment "office:hq -> cluster:new"
                		ip saddr @office_hq ip daddr @cluster_old counter snat to 192.168.1.109 comment "office:hq -> cluster:old"
                		ip saddr @cluster_new ip daddr @cluster_old counter snat to 192.168.1.109 comment "cluster:new -> cluster:old"
                		ip saddr @cluster_old ip daddr @cluster_new counter snat to 192.168.1.109 comment "cluster:old -> cluster:new"
                	}
                """);
    }

    @Test
    void ipv6RulesGetAnIp6TableOfTheirOwn() {
        NatPlan plan = new NatPlan(List.of(
                new NatRule(NetworkRef.office("hq"), Cidr.parse("10.1.3.0/24"), NetworkRef.cluster("old"), Cidr.parse("10.200.0.0/16"), Translation.MASQUERADE),
                new NatRule(NetworkRef.office("hq"), Cidr.parse("fd00:1:3::/64"), NetworkRef.cluster("old"), Cidr.parse("fd00:200::/56"),
                        new Translation.Snat(Plans.ip("fd00::1")))));

        String script = backend.render(plan);

        assertThat(script).contains("table ip6 cluster_gateway {", "type ipv6_addr", "elements = { fd00:200::/56 }",
                "ip6 saddr @office_hq ip6 daddr @cluster_old counter snat to fd00::1 comment \"office:hq -> cluster:old\"");
        assertThat(script).doesNotEndWith("delete table ip6 cluster_gateway\n");
    }

    @Test
    void rulesThatAreNotAWholeNetworkPairAreWrittenOneByOne() {
        // a hand-built plan: hq reaches only the old pods, not the old services; lab reaches both
        NatPlan plan = new NatPlan(List.of(
                new NatRule(NetworkRef.office("hq"), Cidr.parse("10.1.3.0/24"), NetworkRef.cluster("old"), Cidr.parse("10.200.0.0/16"), Translation.MASQUERADE),
                new NatRule(NetworkRef.office("lab"), Cidr.parse("10.9.0.0/16"), NetworkRef.cluster("old"), Cidr.parse("10.96.0.0/12"), Translation.MASQUERADE),
                new NatRule(NetworkRef.office("lab"), Cidr.parse("10.9.0.0/16"), NetworkRef.cluster("old"), Cidr.parse("10.200.0.0/16"), Translation.MASQUERADE)));

        String script = backend.render(plan);

        assertThat(script).contains(
                "ip saddr 10.1.3.0/24 ip daddr 10.200.0.0/16 counter masquerade comment \"office:hq 10.1.3.0/24 -> cluster:old 10.200.0.0/16\"",
                "ip saddr @office_lab ip daddr @cluster_old counter masquerade comment \"office:lab -> cluster:old\"",
                "elements = { 10.96.0.0/12, 10.200.0.0/16 }");
        assertThat(script).doesNotContain("set office_hq");
    }

    @Test
    void translatedClustersGetMarkAndPrefixDnatChainsAndAMasqueradeByMark() throws Exception {
        NatPlan plan = Plans.masquerade().withTranslation(Plans.translatedTwins());

        String script = backend.render(plan);

        assertThat(script).contains(
                "\tchain translate_mark {\n\t\ttype filter hook prerouting priority -150; policy accept;\n"
                        + "\t\tip daddr 100.81.0.0/16 counter meta mark set 0x01000000 ct mark set meta mark comment \"cluster:new 100.81.0.0/16 is 10.244.0.0/16\"\n"
                        + "\t\tct direction reply ct mark 0x01000000 counter meta mark set 0x01000000 comment \"replies of cluster:new\"\n"
                        + "\t\tip daddr 100.70.0.0/16 counter meta mark set 0x02000000 ct mark set meta mark comment \"cluster:old 100.70.0.0/16 is 10.244.0.0/16\"\n",
                "\tchain translate_mark_local {\n\t\ttype route hook output priority -150; policy accept;\n",
                "\tchain translate_dnat {\n\t\ttype nat hook prerouting priority -100; policy accept;\n"
                        + "\t\tip daddr 100.81.0.0/16 counter dnat ip prefix to 10.244.0.0/16 comment \"cluster:new 100.81.0.0/16 is 10.244.0.0/16\"\n",
                "\tchain translate_dnat_local {\n\t\ttype nat hook output priority -100; policy accept;\n",
                "\t\tmeta mark 0x01000000 counter masquerade comment \"to cluster:new via 192.168.60.10 100.81.0.0/16\"\n");
        assertThat(backend.render(Plans.masquerade())).doesNotContain("translate", "meta mark");
    }

    @Test
    void applyFeedsTheRenderedScriptToNftAndEnablesForwarding() throws CommandException {
        runner.answer("sysctl -n net.ipv4.ip_forward", "0\n");

        backend.apply(Plans.masquerade());

        assertThat(runner.stdinOf("nft -f -")).isEqualTo(backend.render(Plans.masquerade()));
        assertThat(runner.commandLines()).containsExactly("nft -f -", POLICY_RULES_LISTED, POLICY_ROUTES_LISTED,
                "sysctl -n net.ipv4.ip_forward", "sysctl -w net.ipv4.ip_forward=1");
    }

    @Test
    void aRejectedScriptFailsNamingTheCommandAndNftsError() {
        runner.answer("nft -f -", 1, "", "Error: Could not process rule: No such file or directory\n");

        assertThatThrownBy(() -> backend.apply(Plans.masquerade()))
                .isInstanceOf(CommandException.class)
                .hasMessage("`nft -f -` failed (exit 1): Error: Could not process rule: No such file or directory");
        assertThat(runner.commandLines()).containsExactly("nft -f -"); // forwarding and ip rules are left alone too
    }

    @Test
    void removeDeletesOnlyOurTablesAndToleratesTheirAbsence() throws CommandException {
        backend.remove();

        assertThat(runner.stdinOf("nft -f -")).isEqualTo("""
                add table ip cluster_gateway
                delete table ip cluster_gateway
                add table ip6 cluster_gateway
                delete table ip6 cluster_gateway
                """);
    }

    @Test
    void inspectFindsTheLiveTableInSync() throws CommandException {
        runner.answer(LIST_IP, LIVE).answer(LIST_IP6, 1, "", ABSENT);

        NatStatus status = backend.inspect(Plans.officeToPods("10.1.3.0/24", "10.200.0.0/16"));

        assertThat(status.drift()).isEmpty();
        assertThat(status.inSync()).isTrue();
        assertThat(status.forwardingEnabled()).isTrue();
        assertThat(runner.commandLines()).allMatch(line -> !line.startsWith("nft") || line.contains("cluster_gateway"));
    }

    @Test
    void inspectNamesEachDifference() throws CommandException {
        String drifted = LIVE
                .replace("\"prio\": 100", "\"prio\": 0")
                .replace("{\"prefix\": {\"addr\": \"10.200.0.0\", \"len\": 16}}", "{\"prefix\": {\"addr\": \"10.201.0.0\", \"len\": 16}}")
                .replace("{\"masquerade\": null}", "{\"snat\": {\"addr\": \"192.168.50.1\"}}");
        runner.answer(LIST_IP, drifted).answer(LIST_IP6, 1, "", ABSENT).answer("sysctl -n net.ipv4.ip_forward", "0\n");

        NatStatus status = backend.inspect(Plans.officeToPods("10.1.3.0/24", "10.200.0.0/16"));

        assertThat(status.inSync()).isFalse();
        assertThat(status.forwardingEnabled()).isFalse();
        assertThat(status.drift()).containsExactly(
                "chain postrouting in table ip cluster_gateway is type nat hook postrouting priority 0 policy accept,"
                        + " expected type nat hook postrouting priority 100 policy accept",
                "set cluster_old lacks 10.200.0.0/16",
                "set cluster_old has unexpected 10.201.0.0/16",
                "missing rule: ip saddr @office_hq ip daddr @cluster_old masquerade (office:hq -> cluster:old)",
                "unexpected rule in table ip cluster_gateway: ip saddr @office_hq ip daddr @cluster_old snat to 192.168.50.1",
                "IPv4 forwarding is off (net.ipv4.ip_forward = 0)");
    }

    @Test
    void inspectReportsAMissingTableAndAStaleIpv6Table() throws CommandException {
        runner.answer(LIST_IP, 1, "", "Error: No such file or directory\nlist table ip cluster_gateway\n")
                .answer(LIST_IP6, "{\"nftables\": [{\"table\": {\"family\": \"ip6\", \"name\": \"cluster_gateway\"}}]}");

        NatStatus status = backend.inspect(Plans.officeToPods("10.1.3.0/24", "10.200.0.0/16"));

        assertThat(status.drift()).containsExactly("table ip cluster_gateway absent",
                "table ip6 cluster_gateway present, but the plan has no IPv6 rules");
    }

    @Test
    void inspectFailsOnOtherNftErrors() {
        runner.answer(LIST_IP, 1, "", "Error: Could not process rule: Operation not permitted\n");

        assertThatThrownBy(() -> backend.inspect(Plans.masquerade()))
                .hasMessage("`nft -j list table ip cluster_gateway` failed (exit 1): Error: Could not process rule: Operation not permitted");
    }

    /** What nft 1.0.6 prints for {@code officeToPods("10.1.3.0/24", "10.200.0.0/16")} once applied (counters counting). */
    private static final String LIVE = """
            {"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}},
             {"table": {"family": "ip", "name": "cluster_gateway", "handle": 2}},
             {"set": {"family": "ip", "name": "cluster_old", "table": "cluster_gateway", "type": "ipv4_addr", "handle": 2,
                      "comment": "cluster:old", "flags": ["interval"], "elem": [{"prefix": {"addr": "10.200.0.0", "len": 16}}]}},
             {"set": {"family": "ip", "name": "office_hq", "table": "cluster_gateway", "type": "ipv4_addr", "handle": 3,
                      "comment": "office:hq", "flags": ["interval"], "elem": [{"prefix": {"addr": "10.1.3.0", "len": 24}}]}},
             {"chain": {"family": "ip", "table": "cluster_gateway", "name": "postrouting", "handle": 1, "type": "nat",
                        "hook": "postrouting", "prio": 100, "policy": "accept"}},
             {"rule": {"family": "ip", "table": "cluster_gateway", "chain": "postrouting", "handle": 4,
                       "comment": "office:hq -> cluster:old", "expr": [
                 {"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": "@office_hq"}},
                 {"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "daddr"}}, "right": "@cluster_old"}},
                 {"counter": {"packets": 12, "bytes": 720}}, {"masquerade": null}]}}]}
            """;
}
