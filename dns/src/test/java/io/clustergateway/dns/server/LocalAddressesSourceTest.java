package io.clustergateway.dns.server;

import static io.clustergateway.dns.server.ListenersFollowingTest.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a wildcard stands for, with the local addresses scripted. */
class LocalAddressesSourceTest {
    private static final LocalAddresses.Source HOST = () -> List.of(address("127.0.0.1"), address("192.0.2.7"),
            address("169.254.1.1"), address("::1"), address("fe80::1"), address("2001:db8::7"));

    @Test
    void eachWildcardStandsForTheRoutableAddressesOfItsFamilyOnItsPort() throws Exception {
        Map<InetSocketAddress, InetSocketAddress> expanded = LocalAddresses.expandWildcards(
                List.of(at("0.0.0.0", 53), at("::", 5353)), HOST);

        assertThat(expanded).containsExactly(
                Map.entry(at("127.0.0.1", 53), at("0.0.0.0", 53)),
                Map.entry(at("192.0.2.7", 53), at("0.0.0.0", 53)),
                Map.entry(at("::1", 5353), at("::", 5353)),
                Map.entry(at("2001:db8::7", 5353), at("::", 5353)));
    }

    @Test
    void anAddressListedExplicitlyIsItsOwnEvenWhereAWildcardStandsForIt() throws Exception {
        Map<InetSocketAddress, InetSocketAddress> expanded = LocalAddresses.expandWildcards(
                List.of(at("0.0.0.0", 53), at("127.0.0.1", 53)), HOST);

        assertThat(expanded).containsEntry(at("127.0.0.1", 53), at("127.0.0.1", 53)).hasSize(2);
    }

    @Test
    void atStartAWildcardWithNoAddressOfItsFamilyIsAnErrorLaterItStandsForNone() throws Exception {
        LocalAddresses.Source ipv4Only = () -> List.of(address("127.0.0.1"));

        assertThatThrownBy(() -> LocalAddresses.expandWildcards(List.of(at("::", 53)), ipv4Only))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no local address of that family is up");
        assertThat(LocalAddresses.expand(List.of(at("::", 53)), ipv4Only)).isEmpty();
    }

    private static InetSocketAddress at(String literal, int port) {
        return new InetSocketAddress(address(literal), port);
    }
}
