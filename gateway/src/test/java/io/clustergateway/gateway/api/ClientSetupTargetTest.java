package io.clustergateway.gateway.api;

import io.clustergateway.gateway.testsupport.TestSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.gateway.config.GatewaySettings;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The DNS server a laptop is told to use (/api/v1/client-setup) follows the configured listen addresses, not the
 * order in which a wildcard happened to be bound on this host's interfaces.
 */
class ClientSetupTargetTest {

    private static InetSocketAddress at(String address, int port) {
        return new InetSocketAddress(address, port);
    }

    private static String server(List<InetSocketAddress> bound, String... listen) {
        Map<String, String> p = new HashMap<>(Map.of(
                "gateway.node-address", "192.168.1.109",
                "gateway.dns.upstreams[0]", "192.0.2.53"));
        for (int i = 0; i < listen.length; i++) {
            p.put("gateway.dns.listen[" + i + "]", listen[i]);
        }
        ClientSetupResource.Target target = ClientSetupResource.target(settings(p), bound);
        return target.server().getAddress().getHostAddress() + ":" + target.server().getPort()
                + (target.note().isEmpty() ? "" : " (note)");
    }

    @Test
    void aWildcardListenSendsLaptopsToTheNodeAddressNotToTheFirstInterfaceBound() {
        // docker0 and a VPN come before the office interface in this host's interface list
        List<InetSocketAddress> bound = List.of(at("127.0.0.1", 53), at("172.17.0.1", 53), at("10.8.0.1", 53),
                at("192.168.1.109", 53));

        assertThat(server(bound, "0.0.0.0:53")).isEqualTo("192.168.1.109:53");
        assertThat(server(bound, "10.8.0.1:53", "0.0.0.0:53")).as("a wildcard among them").isEqualTo("192.168.1.109:53");
    }

    @Test
    void aWildcardOnAFreePortTakesThePortTheListenerGot() {
        assertThat(server(List.of(at("127.0.0.1", 40001), at("192.168.1.109", 40002)), "0.0.0.0:0"))
                .isEqualTo("192.168.1.109:40002");
    }

    @Test
    void withoutAWildcardTheFirstSpecificNonLoopbackAddressAsConfigured() {
        List<InetSocketAddress> bound = List.of(at("127.0.0.1", 1053), at("10.1.3.1", 53), at("192.168.1.5", 53));

        assertThat(server(bound, "127.0.0.1:1053", "10.1.3.1:53", "192.168.1.5:53")).isEqualTo("10.1.3.1:53");
    }

    @Test
    void loopbackOnlyIsSaidSo() {
        assertThat(server(List.of(at("127.0.0.1", 40003)), "127.0.0.1:0")).isEqualTo("127.0.0.1:40003 (note)");
    }

    private static GatewaySettings settings(Map<String, String> properties) {
        return TestSettings.validated(properties);
    }
}
