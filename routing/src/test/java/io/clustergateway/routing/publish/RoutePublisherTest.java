package io.clustergateway.routing.publish;

import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.Cluster;
import io.clustergateway.routing.NetworkModel;
import io.clustergateway.routing.Office;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Golden outputs: exactly what a person pastes into each device. */
class RoutePublisherTest {

    private static final InetAddress NODE = address("192.168.1.109");
    /** old's service CIDR is not on an octet boundary (mask 255.240.0.0); old has an IPv6 pod CIDR too. */
    private static final NetworkModel MODEL = new NetworkModel(
            List.of(new Office("hq", cidrs("10.1.3.0/24"))),
            List.of(new Cluster("old", cidrs("10.200.0.0/16", "fd00:200::/64"), cidrs("10.96.0.0/12")),
                    new Cluster("new", cidrs("10.201.0.0/16"), cidrs("10.254.0.0/16"))));

    private static final List<StaticRoute> ROUTES = RoutePublisher.routes(MODEL, NODE, false);

    @Test
    void everyClusterCidrOfTheNodesFamilyViaTheNode() {
        assertThat(ROUTES).containsExactly(
                new StaticRoute(Cidr.parse("10.96.0.0/12"), NODE, "old"),
                new StaticRoute(Cidr.parse("10.200.0.0/16"), NODE, "old"),
                new StaticRoute(Cidr.parse("10.201.0.0/16"), NODE, "new"),
                new StaticRoute(Cidr.parse("10.254.0.0/16"), NODE, "new"));
    }

    @Test
    void summarizedRoutesNameEveryClusterTheyCover() {
        assertThat(RoutePublisher.routes(MODEL, NODE, true)).containsExactly(
                new StaticRoute(Cidr.parse("10.96.0.0/12"), NODE, "old"),
                new StaticRoute(Cidr.parse("10.200.0.0/15"), NODE, "new+old"),
                new StaticRoute(Cidr.parse("10.254.0.0/16"), NODE, "new"));
    }

    @Test
    void ipv6NodeAddressGetsOnlyTheIpv6Cidrs() {
        InetAddress node6 = address("fd00::1");

        assertThat(RoutePublisher.routes(MODEL, node6, true))
                .containsExactly(new StaticRoute(Cidr.parse("fd00:200::/64"), node6, "old"));
    }

    @Test
    void noClustersNoRoutes() {
        assertThat(RoutePublisher.routes(NetworkModel.empty(), NODE, true)).isEmpty();
        assertThat(RoutePublisher.render(RouteFormat.LINUX, List.of())).isEqualTo("# cluster-gateway routes: none (as root)\n");
        assertThat(RoutePublisher.render(RouteFormat.MACOS, List.of())).isEmpty();
        assertThat(RoutePublisher.render(RouteFormat.JSON, List.of())).isEqualTo("[]");
    }

    @Test
    void aRouteNeedsANextHopOfItsFamily() {
        assertThatThrownBy(() -> new StaticRoute(Cidr.parse("fd00::/64"), NODE, "old"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fd00::/64").hasMessageContaining("192.168.1.109");
    }

    @Test
    void linux() {
        assertThat(RoutePublisher.render(RouteFormat.LINUX, ROUTES)).isEqualTo("""
                # cluster-gateway routes via 192.168.1.109 (as root)
                ip route replace 10.96.0.0/12 via 192.168.1.109
                ip route replace 10.200.0.0/16 via 192.168.1.109
                ip route replace 10.201.0.0/16 via 192.168.1.109
                ip route replace 10.254.0.0/16 via 192.168.1.109
                """);
    }

    @Test
    void ciscoIos() {
        assertThat(RoutePublisher.render(RouteFormat.CISCO_IOS, ROUTES)).isEqualTo("""
                ! cluster-gateway routes via 192.168.1.109 (in configure terminal)
                ip route 10.96.0.0 255.240.0.0 192.168.1.109 name cluster-old
                ip route 10.200.0.0 255.255.0.0 192.168.1.109 name cluster-old
                ip route 10.201.0.0 255.255.0.0 192.168.1.109 name cluster-new
                ip route 10.254.0.0 255.255.0.0 192.168.1.109 name cluster-new
                """);
    }

    @Test
    void junos() {
        assertThat(RoutePublisher.render(RouteFormat.JUNOS, ROUTES)).isEqualTo("""
                # cluster-gateway routes via 192.168.1.109 (in configure mode, then commit)
                set routing-options static route 10.96.0.0/12 next-hop 192.168.1.109
                set routing-options static route 10.200.0.0/16 next-hop 192.168.1.109
                set routing-options static route 10.201.0.0/16 next-hop 192.168.1.109
                set routing-options static route 10.254.0.0/16 next-hop 192.168.1.109
                """);
    }

    @Test
    void mikrotik() {
        assertThat(RoutePublisher.render(RouteFormat.MIKROTIK, ROUTES)).isEqualTo("""
                # cluster-gateway routes via 192.168.1.109
                /ip route add dst-address=10.96.0.0/12 gateway=192.168.1.109 comment="cluster-gateway old"
                /ip route add dst-address=10.200.0.0/16 gateway=192.168.1.109 comment="cluster-gateway old"
                /ip route add dst-address=10.201.0.0/16 gateway=192.168.1.109 comment="cluster-gateway new"
                /ip route add dst-address=10.254.0.0/16 gateway=192.168.1.109 comment="cluster-gateway new"
                """);
    }

    @Test
    void vyos() {
        assertThat(RoutePublisher.render(RouteFormat.VYOS, ROUTES)).isEqualTo("""
                # cluster-gateway routes via 192.168.1.109 (in configure mode, then commit and save)
                set protocols static route 10.96.0.0/12 next-hop 192.168.1.109
                set protocols static route 10.200.0.0/16 next-hop 192.168.1.109
                set protocols static route 10.201.0.0/16 next-hop 192.168.1.109
                set protocols static route 10.254.0.0/16 next-hop 192.168.1.109
                """);
    }

    @Test
    void windows() {
        assertThat(RoutePublisher.render(RouteFormat.WINDOWS, ROUTES)).isEqualTo("""
                REM cluster-gateway routes via 192.168.1.109 (in cmd.exe run as administrator)
                route -p ADD 10.96.0.0 MASK 255.240.0.0 192.168.1.109
                route -p ADD 10.200.0.0 MASK 255.255.0.0 192.168.1.109
                route -p ADD 10.201.0.0 MASK 255.255.0.0 192.168.1.109
                route -p ADD 10.254.0.0 MASK 255.255.0.0 192.168.1.109
                """);
    }

    @Test
    void macos() {
        assertThat(RoutePublisher.render(RouteFormat.MACOS, ROUTES)).isEqualTo("""
                sudo route -n add -net 10.96.0.0/12 192.168.1.109
                sudo route -n add -net 10.200.0.0/16 192.168.1.109
                sudo route -n add -net 10.201.0.0/16 192.168.1.109
                sudo route -n add -net 10.254.0.0/16 192.168.1.109
                """);
    }

    @Test
    void json() {
        assertThat(RoutePublisher.render(RouteFormat.JSON, ROUTES)).isEqualTo("["
                + "{\"destination\":\"10.96.0.0/12\",\"nextHop\":\"192.168.1.109\",\"cluster\":\"old\"},"
                + "{\"destination\":\"10.200.0.0/16\",\"nextHop\":\"192.168.1.109\",\"cluster\":\"old\"},"
                + "{\"destination\":\"10.201.0.0/16\",\"nextHop\":\"192.168.1.109\",\"cluster\":\"new\"},"
                + "{\"destination\":\"10.254.0.0/16\",\"nextHop\":\"192.168.1.109\",\"cluster\":\"new\"}]");
    }

    @Test
    void dhcpOption121() {
        assertThat(RoutePublisher.render(RouteFormat.DHCP_OPTION_121, ROUTES)).isEqualTo("""
                # DHCP option 121 (RFC 3442 classless static routes): cluster-gateway routes via 192.168.1.109
                # Clients that accept option 121 ignore option 3 (routers): add your default route to it too,
                # e.g. 0.0.0.0/0 via the office router.
                # bytes: 0c0a60c0a8016d100ac8c0a8016d100ac9c0a8016d100afec0a8016d

                # dnsmasq
                dhcp-option=option:classless-static-route,10.96.0.0/12,192.168.1.109,10.200.0.0/16,192.168.1.109,\
                10.201.0.0/16,192.168.1.109,10.254.0.0/16,192.168.1.109

                # ISC dhcpd
                option rfc3442-classless-static-routes code 121 = array of unsigned integer 8;
                option rfc3442-classless-static-routes 12, 10, 96, 192, 168, 1, 109, 16, 10, 200, 192, 168, 1, 109, \
                16, 10, 201, 192, 168, 1, 109, 16, 10, 254, 192, 168, 1, 109;

                # Kea (Dhcp4 "option-data")
                { "name": "classless-static-route", "code": 121, "data": "10.96.0.0/12 - 192.168.1.109, \
                10.200.0.0/16 - 192.168.1.109, 10.201.0.0/16 - 192.168.1.109, 10.254.0.0/16 - 192.168.1.109" }
                """);
    }

    @Test
    void summarizedLinux() {
        assertThat(RoutePublisher.render(RouteFormat.LINUX, RoutePublisher.routes(MODEL, NODE, true))).isEqualTo("""
                # cluster-gateway routes via 192.168.1.109 (as root)
                ip route replace 10.96.0.0/12 via 192.168.1.109
                ip route replace 10.200.0.0/15 via 192.168.1.109
                ip route replace 10.254.0.0/16 via 192.168.1.109
                """);
    }

    @Test
    void summarizedIosNameIsOneWord() {
        assertThat(RoutePublisher.render(RouteFormat.CISCO_IOS, RoutePublisher.routes(MODEL, NODE, true))).isEqualTo("""
                ! cluster-gateway routes via 192.168.1.109 (in configure terminal)
                ip route 10.96.0.0 255.240.0.0 192.168.1.109 name cluster-old
                ip route 10.200.0.0 255.254.0.0 192.168.1.109 name cluster-new_old
                ip route 10.254.0.0 255.255.0.0 192.168.1.109 name cluster-new
                """);
    }

    @Test
    void ipv6InEveryCommandFormat() {
        List<StaticRoute> routes = RoutePublisher.routes(MODEL, address("fd00::1"), true);

        assertThat(Arrays.stream(RouteFormat.values())
                .filter(format -> format != RouteFormat.JSON && format != RouteFormat.DHCP_OPTION_121 && !format.isPeering())
                .map(format -> RoutePublisher.render(format, routes))).containsExactly(
                "# cluster-gateway routes via fd00::1 (as root)\nip -6 route replace fd00:200::/64 via fd00::1\n",
                "! cluster-gateway routes via fd00::1 (in configure terminal)\nipv6 route fd00:200::/64 fd00::1 name cluster-old\n",
                "# cluster-gateway routes via fd00::1 (in configure mode, then commit)\nset routing-options rib inet6.0 static route fd00:200::/64 next-hop fd00::1\n",
                "# cluster-gateway routes via fd00::1\n/ipv6 route add dst-address=fd00:200::/64 gateway=fd00::1 comment=\"cluster-gateway old\"\n",
                "# cluster-gateway routes via fd00::1 (in configure mode, then commit and save)\nset protocols static route6 fd00:200::/64 next-hop fd00::1\n",
                "REM cluster-gateway routes via fd00::1 (in cmd.exe run as administrator)\nroute -p ADD fd00:200::/64 fd00::1\n",
                "sudo route -n add -inet6 fd00:200::/64 fd00::1\n");
        assertThat(RoutePublisher.render(RouteFormat.JSON, routes))
                .isEqualTo("[{\"destination\":\"fd00:200::/64\",\"nextHop\":\"fd00::1\",\"cluster\":\"old\"}]");
    }

    @Test
    void dhcpOption121OmitsIpv6WithANote() {
        List<StaticRoute> routes = RoutePublisher.routes(MODEL, address("fd00::1"), true);

        assertThat(RoutePublisher.render(RouteFormat.DHCP_OPTION_121, routes)).isEqualTo("""
                # DHCP option 121 (RFC 3442 classless static routes): cluster-gateway routes: none
                # omitted, option 121 is IPv4 only: fd00:200::/64
                """);
    }

    static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<Cidr> cidrs(String... texts) {
        return Arrays.stream(texts).map(Cidr::parse).toList();
    }
}
