package io.clustergateway.routing.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.testsupport.FakeCommandRunner;
import org.junit.jupiter.api.Test;

class IptablesBackendTest {
    private static final String SAVE = "iptables-save -t nat";
    private static final String SAVE6 = "ip6tables-save -t nat";
    private static final String RESTORE = "iptables-restore --noflush";

    private final FakeCommandRunner runner = new FakeCommandRunner()
            .answer("sysctl -n net.ipv4.ip_forward", "1\n")
            .answer(SAVE, natTable(""))
            .answer(SAVE6, natTable(""));
    private final NatBackend backend = NatBackends.create(NatBackendKind.IPTABLES, runner);

    @Test
    void rendersTheRestoreInputOfOurChain() {
        assertThat(backend.render(Plans.officeToPods("10.1.3.0/24", "10.200.0.0/16"))).isEqualTo("""
                # iptables-restore --noflush
                *nat
                :CLUSTER-GATEWAY - [0:0]
                -F CLUSTER-GATEWAY
                -A CLUSTER-GATEWAY -s 10.1.3.0/24 -d 10.200.0.0/16 -m comment --comment "office:hq 10.1.3.0/24 -> cluster:old 10.200.0.0/16" -j MASQUERADE
                COMMIT
                """);
    }

    @Test
    void rendersSnatWithToSource() {
        assertThat(backend.render(Plans.snat("192.168.1.109")))
                .startsWith("# iptables-restore --noflush\n*nat\n:CLUSTER-GATEWAY - [0:0]\n-F CLUSTER-GATEWAY\n")
                .contains("-A CLUSTER-GATEWAY -s 10.2.0.0/16 -d 10.100.0.0/16 -m comment --comment \"office:branch 10.2.0.0/16 -> cluster:new 10.100.0.0/16\" -j SNAT --to-source 192.168.1.109\n")
                .contains("-A CLUSTER-GATEWAY -s 10.254.0.0/16 -d 10.200.0.0/16 -m comment --comment \"cluster:new 10.254.0.0/16 -> cluster:old 10.200.0.0/16\" -j SNAT --to-source 192.168.1.109\n")
                .endsWith("COMMIT\n");
    }

    @Test
    void firstApplyAddsTheJumpInTheSameCommit() throws CommandException {
        backend.apply(Plans.officeToPods("10.1.3.0/24", "10.200.0.0/16"));

        assertThat(runner.stdinOf(RESTORE)).isEqualTo("""
                # iptables-restore --noflush
                *nat
                :CLUSTER-GATEWAY - [0:0]
                -F CLUSTER-GATEWAY
                -A CLUSTER-GATEWAY -s 10.1.3.0/24 -d 10.200.0.0/16 -m comment --comment "office:hq 10.1.3.0/24 -> cluster:old 10.200.0.0/16" -j MASQUERADE
                -A POSTROUTING -j CLUSTER-GATEWAY
                COMMIT
                """);
        assertThat(runner.commandLines()).containsExactly(SAVE, RESTORE, SAVE6, "sysctl -n net.ipv4.ip_forward");
    }

    @Test
    void laterAppliesKeepTheOneJumpAndDropDuplicates() throws CommandException {
        runner.answer(SAVE, natTable("""
                -A POSTROUTING -j CLUSTER-GATEWAY
                -A POSTROUTING -j CLUSTER-GATEWAY
                -A POSTROUTING -o eth0 -j CLUSTER-GATEWAY
                """));

        backend.apply(Plans.officeToPods("10.1.3.0/24", "10.200.0.0/16"));

        assertThat(runner.stdinOf(RESTORE)).endsWith("""
                -j MASQUERADE
                -D POSTROUTING -j CLUSTER-GATEWAY
                -D POSTROUTING -o eth0 -j CLUSTER-GATEWAY
                COMMIT
                """).doesNotContain("-A POSTROUTING");
    }

    @Test
    void applyCleansUpIpv6RulesOfAnEarlierPlan() throws CommandException {
        runner.answer(SAVE6, natTable(":CLUSTER-GATEWAY - [0:0]\n-A POSTROUTING -j CLUSTER-GATEWAY\n"));

        backend.apply(Plans.officeToPods("10.1.3.0/24", "10.200.0.0/16"));

        assertThat(runner.stdinOf("ip6tables-restore --noflush")).isEqualTo("""
                *nat
                -D POSTROUTING -j CLUSTER-GATEWAY
                -F CLUSTER-GATEWAY
                -X CLUSTER-GATEWAY
                COMMIT
                """);
    }

    @Test
    void aRejectedRestoreFailsNamingTheCommandAndItsError() {
        runner.answer(RESTORE, 1, "", "iptables-restore: line 5 failed\n");

        assertThatThrownBy(() -> backend.apply(Plans.officeToPods("10.1.3.0/24", "10.200.0.0/16")))
                .hasMessage("`iptables-restore --noflush` failed (exit 1): iptables-restore: line 5 failed");
    }

    @Test
    void inspectFindsOurChainInSync() throws CommandException {
        runner.answer(SAVE, natTable(LIVE_CHAIN));

        NatStatus status = backend.inspect(Plans.officeToPods("10.1.3.0/24", "10.200.0.0/16"));

        assertThat(status.drift()).isEmpty();
        assertThat(status.inSync()).isTrue();
    }

    @Test
    void inspectNamesEachDifference() throws CommandException {
        runner.answer(SAVE, natTable(LIVE_CHAIN
                .replace("-A POSTROUTING -j CLUSTER-GATEWAY\n", "-A POSTROUTING -j CLUSTER-GATEWAY\n-A POSTROUTING -j CLUSTER-GATEWAY\n")
                .replace("-s 10.1.3.0/24", "-s 10.1.4.0/24")));

        NatStatus status = backend.inspect(Plans.officeToPods("10.1.3.0/24", "10.200.0.0/16"));

        assertThat(status.inSync()).isFalse();
        assertThat(status.drift()).containsExactly(
                "jump from POSTROUTING to CLUSTER-GATEWAY present 2 times in iptables nat",
                "missing rule in iptables nat: -s 10.1.3.0/24 -d 10.200.0.0/16 -j MASQUERADE (office:hq 10.1.3.0/24 -> cluster:old 10.200.0.0/16)",
                "unexpected rule in iptables nat CLUSTER-GATEWAY: -s 10.1.4.0/24 -d 10.200.0.0/16 -j MASQUERADE");
    }

    @Test
    void inspectReportsAMissingChainAndJump() throws CommandException {
        NatStatus status = backend.inspect(Plans.officeToPods("10.1.3.0/24", "10.200.0.0/16"));

        assertThat(status.drift()).containsExactly("chain CLUSTER-GATEWAY absent from iptables nat",
                "jump from POSTROUTING to CLUSTER-GATEWAY missing in iptables nat");
    }

    @Test
    void removeDeletesJumpAndChainInOneCommit() throws CommandException {
        runner.answer(SAVE, natTable(LIVE_CHAIN));

        backend.remove();

        assertThat(runner.stdinOf(RESTORE)).isEqualTo("""
                *nat
                -D POSTROUTING -j CLUSTER-GATEWAY
                -F CLUSTER-GATEWAY
                -X CLUSTER-GATEWAY
                COMMIT
                """);
    }

    @Test
    void removeWithNothingOfOursRunsNoRestore() throws CommandException {
        backend.remove();

        assertThat(runner.commandLines()).containsExactly(SAVE, SAVE6);
    }

    private static final String LIVE_CHAIN = """
            :CLUSTER-GATEWAY - [0:0]
            -A POSTROUTING -j CLUSTER-GATEWAY
            -A CLUSTER-GATEWAY -s 10.1.3.0/24 -d 10.200.0.0/16 -m comment --comment "office:hq 10.1.3.0/24 -> cluster:old 10.200.0.0/16" -j MASQUERADE
            """;

    /** iptables-save -t nat as iptables 1.8.9 prints it, with Docker's masquerade beside ours. */
    private static String natTable(String ours) {
        return """
                # Generated by iptables-save v1.8.9 (nf_tables) on Sun Nov 22 00:01:31 2026
                *nat
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING ACCEPT [0:0]
                :DOCKER - [0:0]
                -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
                """ + ours + """
                COMMIT
                # Completed on Sun Nov 22 00:01:31 2026
                """;
    }
}
