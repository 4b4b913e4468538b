package io.clustergateway.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalAddressesTest {

    @Test
    void wildcardBecomesEachLocalAddressSoAnswersLeaveFromTheAddressAsked() throws Exception {
        List<InetSocketAddress> expanded = LocalAddresses.expandWildcards(
                List.of(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 1053)));

        assertThat(expanded).isNotEmpty()
                .allSatisfy(address -> {
                    assertThat(address.getAddress().isAnyLocalAddress()).isFalse();
                    assertThat(address.getPort()).isEqualTo(1053);
                })
                .contains(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 1053));
    }

    @Test
    void specificAddressesStayAsTheyAre() throws Exception {
        InetSocketAddress specific = new InetSocketAddress(InetAddress.getByName("127.0.0.5"), 5300);

        assertThat(LocalAddresses.expandWildcards(List.of(specific, specific))).containsExactly(specific);
    }
}
