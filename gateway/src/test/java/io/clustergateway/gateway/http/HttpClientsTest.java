package io.clustergateway.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTP surface answers whom DNS answers, plus gateway.http.allow-from and this host itself. */
class HttpClientsTest {
    private static final InetAddress NODE = address("192.168.1.109");

    private final HttpClients clients = HttpClients.of(List.of("10.1.3.0/24", "10.96.0.0/16"), List.of("192.0.2.0/28"),
            NODE::equals);

    @Test
    void dnsClientsHttpAllowFromLoopbackAndTheNodeItselfAreAllowed() {
        assertThat(List.of("127.0.0.1", "::1", "10.1.3.10", "10.96.7.7", "192.0.2.14", "192.168.1.109"))
                .allSatisfy(client -> assertThat(clients.allows(address(client))).as(client).isTrue());
    }

    @Test
    void everyoneElseIsRefused() {
        assertThat(List.of("192.168.1.1", "192.0.2.16", "10.1.4.1", "203.0.113.53", "2001:db8::1"))
                .allSatisfy(client -> assertThat(clients.allows(address(client))).as(client).isFalse());
    }

    @Test
    void beforeTheFirstModelOnlyThisHostIsAllowed() {
        HttpClients hostOnly = HttpClients.hostOnly(NODE::equals);
        assertThat(hostOnly.allows(address("127.0.0.1"))).isTrue();
        assertThat(hostOnly.allows(NODE)).isTrue();
        assertThat(hostOnly.allows(address("10.1.3.10"))).isFalse();
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
