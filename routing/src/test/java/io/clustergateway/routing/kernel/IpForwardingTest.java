package io.clustergateway.routing.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.testsupport.FakeCommandRunner;
import org.junit.jupiter.api.Test;

class IpForwardingTest {
    private final FakeCommandRunner runner = new FakeCommandRunner();
    private final IpForwarding forwarding = new IpForwarding(runner);

    @Test
    void enablesOnlyWhatIsOff() throws CommandException {
        runner.answer("sysctl -n net.ipv4.ip_forward", "0\n").answer("sysctl -n net.ipv6.conf.all.forwarding", "1\n");

        forwarding.enableIpv4();
        forwarding.enableIpv6();

        assertThat(runner.commandLines()).containsExactly("sysctl -n net.ipv4.ip_forward",
                "sysctl -w net.ipv4.ip_forward=1", "sysctl -n net.ipv6.conf.all.forwarding");
    }

    @Test
    void readsTheSwitches() throws CommandException {
        runner.answer("sysctl -n net.ipv4.ip_forward", "1\n").answer("sysctl -n net.ipv6.conf.all.forwarding", "0\n");

        assertThat(forwarding.ipv4Enabled()).isTrue();
        assertThat(forwarding.ipv6Enabled()).isFalse();
    }
}
