package io.clustergateway.routing.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.bgp.BgpNeighbor;
import io.clustergateway.routing.bgp.BgpPeering;
import io.clustergateway.routing.command.CommandResult;
import io.clustergateway.routing.command.CommandRunner;
import io.clustergateway.testkit.Requirements;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterPeeringsTest {
    private static final List<Cidr> PREFIXES = List.of(Cidr.parse("10.200.0.0/16"), Cidr.parse("10.53.53.53/32"),
            Cidr.parse("10.96.0.0/16"));

    @Test
    void birdBlockAcceptsExactlyTheGatewaysPrefixes() throws Exception {
        assertThat(RouterPeerings.render(RouteFormat.BIRD, PREFIXES, peering(true))).isEqualTo("""
                # BIRD 2 on router 192.168.1.1 (AS 65000): peer with cluster-gateway 192.168.1.109 (AS 65010).
                # For ECMP over several gateways, the kernel protocol needs `merge paths on;`, e.g.
                #   protocol kernel { merge paths on; ipv4 { export all; }; }
                # BFD notices a dead gateway in 0.3 s; it needs `protocol bfd {}` once in the configuration.
                protocol bgp cluster_gateway_192_168_1_109 {
                  local as 65000;
                  neighbor 192.168.1.109 as 65010;
                  hold time 3;
                  keepalive time 1;
                  bfd on;
                  ipv4 {
                    import where net ~ [ 10.53.53.53/32, 10.96.0.0/16, 10.200.0.0/16 ];
                    export none;
                  };
                }
                """);
    }

    @Test
    void birdBlockIsAcceptedByBird(@TempDir Path dir) throws Exception {
        Requirements.requireTools("bird");
        Path config = dir.resolve("router.conf");
        Files.writeString(config, "router id 192.168.1.1;\nprotocol device {}\nprotocol bfd {}\n"
                + "protocol kernel { merge paths on; ipv4 { export all; }; }\n"
                + RouterPeerings.render(RouteFormat.BIRD, PREFIXES, peering(true)));

        CommandResult parsed = CommandRunner.local().execute(List.of("bird", "-p", "-c", config.toString()), null);

        assertThat(parsed.exitCode()).as(parsed.stderr()).isZero();
    }

    @Test
    void frrBlockPermitsThePrefixesDeniesExportsAndTurnsOnMultipath() throws Exception {
        assertThat(RouterPeerings.render(RouteFormat.FRR, PREFIXES, peering(false))).isEqualTo("""
                ! FRR on router 192.168.1.1 (AS 65000): peer with cluster-gateway 192.168.1.109 (AS 65010); paste into vtysh `configure terminal`
                ip prefix-list CLUSTER-GATEWAY-192-168-1-109 seq 5 permit 10.53.53.53/32
                ip prefix-list CLUSTER-GATEWAY-192-168-1-109 seq 10 permit 10.96.0.0/16
                ip prefix-list CLUSTER-GATEWAY-192-168-1-109 seq 15 permit 10.200.0.0/16
                route-map CLUSTER-GATEWAY-192-168-1-109-IN permit 10
                 match ip address prefix-list CLUSTER-GATEWAY-192-168-1-109
                route-map CLUSTER-GATEWAY-192-168-1-109-OUT deny 10
                router bgp 65000
                 neighbor 192.168.1.109 remote-as 65010
                 neighbor 192.168.1.109 timers 1 3
                 address-family ipv4 unicast
                  neighbor 192.168.1.109 route-map CLUSTER-GATEWAY-192-168-1-109-IN in
                  neighbor 192.168.1.109 route-map CLUSTER-GATEWAY-192-168-1-109-OUT out
                  maximum-paths 16
                 exit-address-family
                """);
    }

    @Test
    void staticFormatsAreNotPeerings() {
        assertThatThrownBy(() -> RouterPeerings.render(RouteFormat.LINUX, PREFIXES, peering(true)))
                .hasMessage("format linux is not a BGP peering");
        assertThatThrownBy(() -> RoutePublisher.render(RouteFormat.BIRD, List.of()))
                .hasMessageContaining("is a BGP peering");
    }

    private static BgpPeering peering(boolean bfd) throws Exception {
        Inet4Address node = (Inet4Address) InetAddress.getByName("192.168.1.109");
        return new BgpPeering(65010, node, node, Duration.ofSeconds(3),
                List.of(new BgpNeighbor(InetAddress.getByName("192.168.1.1"), 65000)), bfd);
    }
}
