package io.clustergateway.routing.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustergateway.routing.Cidr;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BirdConfigTest {
    static final BgpPeering PEERING = new BgpPeering(65010, ipv4("192.168.1.109"), ipv4("192.168.1.109"),
            Duration.ofSeconds(3), List.of(new BgpNeighbor(ipv4("192.168.1.1"), 65000),
            new BgpNeighbor(ipv4("192.168.1.2"), 65001)), true);

    @Test
    void twoNeighborsTwoClustersAndTheDnsAddressRenderAsTheGoldenFile() throws IOException {
        List<Announcement> announcements = List.of(
                new Announcement(Cidr.parse("10.96.0.0/16"), "cluster old"),
                new Announcement(Cidr.parse("10.53.53.53/32"), "dns"),
                new Announcement(Cidr.parse("10.200.0.0/16"), "cluster old"),
                new Announcement(Cidr.parse("fd00:10::/64"), "cluster new"));

        assertThat(BirdConfig.render(PEERING, announcements)).isEqualTo(golden("bird-two-neighbors.conf"));
    }

    @Test
    void withNothingToAnnounceTheSessionsStayAndExportNothing() {
        String config = BirdConfig.render(PEERING, List.of());

        assertThat(config).contains("protocol static announced {\n  ipv4;\n}\n")
                .contains("neighbor 192.168.1.1 as 65000;");
        assertThat(config).doesNotContain("route ");
    }

    @Test
    void withoutBfdNoBfdProtocolAndNoBfdOnTheSessions() {
        BgpPeering noBfd = new BgpPeering(65010, ipv4("192.168.1.109"), ipv4("192.168.1.109"), Duration.ofSeconds(9),
                PEERING.neighbors(), false);

        String config = BirdConfig.render(noBfd, List.of());

        assertThat(config).doesNotContain("bfd").contains("hold time 9;").contains("keepalive time 3;");
    }

    @Test
    void holdTimeBelowThreeSecondsIsRefused() {
        assertThatThrownBy(() -> new BgpPeering(65010, ipv4("10.0.0.1"), ipv4("10.0.0.1"), Duration.ofSeconds(2),
                List.of(), true)).hasMessageContaining("hold time 2s is below the minimum of 3s");
    }

    @Test
    void protocolNamesAreIdentifiersForBothFamilies() throws Exception {
        assertThat(BirdConfig.protocolName(new BgpNeighbor(InetAddress.getByName("fd00::1"), 65000)))
                .isEqualTo("neighbor_fd00_0_0_0_0_0_0_1");
        assertThat(BirdConfig.protocolName(new BgpNeighbor(ipv4("192.168.1.1"), 65000)))
                .isEqualTo("neighbor_192_168_1_1");
    }

    static Inet4Address ipv4(String text) {
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static String golden(String name) throws IOException {
        try (InputStream in = BirdConfigTest.class.getResourceAsStream("/bgp/" + name)) {
            assertThat(in).as("golden file /bgp/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
