package io.clustergateway.routing.publish;

import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.Cluster;
import io.clustergateway.routing.NetworkModel;
import io.clustergateway.routing.command.CommandResult;
import io.clustergateway.routing.command.CommandRunner;
import io.clustergateway.testkit.Requirements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.clustergateway.routing.publish.RoutePublisherTest.address;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dnsmasq spelling of option 121, checked by dnsmasq itself ({@code --test} parses the configuration
 * and exits; nothing listens, nothing is sent).
 */
class DnsmasqSyntaxTest {

    @BeforeAll
    static void dnsmasqInstalled() {
        Requirements.require(Requirements.executable("dnsmasq"), "dnsmasq is not installed (apt-get install dnsmasq)");
    }

    @Test
    void dnsmasqAcceptsThePublishedOption() throws Exception {
        NetworkModel model = new NetworkModel(List.of(), List.of(
                new Cluster("old", List.of(Cidr.parse("10.200.0.0/16")), List.of(Cidr.parse("10.96.0.0/12")))));
        String rendered = RoutePublisher.render(RouteFormat.DHCP_OPTION_121,
                RoutePublisher.routes(model, address("192.168.1.109"), false));
        String optionLine = rendered.lines().filter(line -> line.startsWith("dhcp-option=")).findFirst().orElseThrow();

        CommandResult result = check("dhcp-range=192.168.1.50,192.168.1.150\n" + optionLine + "\n");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
    }

    @Test
    void theCheckDoesCatchAMisspelledOption() throws Exception {
        CommandResult result = check("dhcp-option=option:classless-static-routes,10.96.0.0/12,192.168.1.109\n");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("bad dhcp-option");
    }

    private static CommandResult check(String config) throws Exception {
        return CommandRunner.local().execute(List.of("dnsmasq", "--test", "--conf-file=/dev/stdin"), config);
    }
}
