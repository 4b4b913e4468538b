package io.clustergateway.routing.nat;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.testsupport.FakeCommandRunner;
import org.junit.jupiter.api.Test;

class NoneBackendTest {
    private final FakeCommandRunner runner = new FakeCommandRunner().answer("sysctl -n net.ipv4.ip_forward", "0\n");
    private final NatBackend backend = NatBackends.create(NatBackendKind.NONE, runner);

    @Test
    void showsTheNftablesRulesetItWouldApply() {
        assertThat(backend.render(Plans.masquerade())).isEqualTo(NftRuleset.script(Plans.masquerade()))
                .contains("ip saddr @office_hq ip daddr @cluster_old counter masquerade");
    }

    @Test
    void appliesAndRemovesNothing() throws CommandException {
        backend.apply(Plans.masquerade());
        backend.remove();

        assertThat(runner.commandLines()).isEmpty();
    }

    @Test
    void inspectSaysNothingIsAppliedAndReadsForwarding() throws CommandException {
        NatStatus status = backend.inspect(Plans.masquerade());

        assertThat(status).isEqualTo(new NatStatus(true, java.util.List.of("backend none: nothing applied"), false));
        assertThat(runner.commandLines()).containsExactly("sysctl -n net.ipv4.ip_forward");
    }

    @Test
    void kindsHaveTheirConfigurationSpelling() {
        assertThat(NatBackendKind.fromId("nftables")).contains(NatBackendKind.NFTABLES);
        assertThat(NatBackendKind.fromId(" IPTABLES ")).contains(NatBackendKind.IPTABLES);
        assertThat(NatBackendKind.fromId("ipfw")).isEmpty();
        assertThat(NatBackendKind.NONE.id()).isEqualTo("none");
    }
}
