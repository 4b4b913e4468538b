package io.clustergateway.dns.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.dns.ClusterDns;
import io.clustergateway.dns.DnsRoutes;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.ReverseMap;

class RouteTableTest {
    private static final ClusterDns OLD = cluster("old", "cluster.local.", "old.cluster.local.", 20,
            List.of("10.200.0.0/16", "10.96.0.0/12"));
    private static final ClusterDns NEW = cluster("new", "cluster.local.", "new.cluster.local.", 10,
            List.of("10.100.0.0/16", "fd00:100::/64"));
    private static final RouteTable TABLE = RouteTable.of(new DnsRoutes(List.of(OLD, NEW), List.of(), List.of()));

    @Test
    void aliasBeatsTheSharedDomainItLivesUnder() {
        assertThat(TABLE.route(name("web.default.svc.old.cluster.local.")).label()).isEqualTo("alias:old");
        assertThat(TABLE.route(name("old.cluster.local.")).label()).isEqualTo("alias:old");
        assertThat(TABLE.route(name("web.default.svc.cluster.local.")).label()).isEqualTo("shared:cluster.local");
    }

    @Test
    void sharedDomainListsClustersLowestPriorityFirst() {
        Route route = TABLE.route(name("web.default.svc.cluster.local."));
        assertThat(route).isInstanceOfSatisfying(Route.Shared.class,
                shared -> assertThat(shared.clusters()).extracting(ClusterDns::name).containsExactly("new", "old"));
    }

    @Test
    void matchingIgnoresLetterCase() {
        assertThat(TABLE.route(name("Web.Default.SVC.OLD.Cluster.Local.")).label()).isEqualTo("alias:old");
        assertThat(TABLE.route(name("WEB.CLUSTER.LOCAL.")).label()).isEqualTo("shared:cluster.local");
    }

    @Test
    void otherNamesGoUpstream() {
        assertThat(TABLE.route(name("example.com.")).label()).isEqualTo("upstream");
        assertThat(TABLE.route(name("local.")).label()).isEqualTo("upstream");
        assertThat(TABLE.route(Name.root).label()).isEqualTo("upstream");
        assertThat(TABLE.route(name("cluster.local.evil.com.")).label()).isEqualTo("upstream");
    }

    @Test
    void theByteLookupOfTheCacheShortcutAgreesWithTheNameLookup() {
        RouteTable noClusters = RouteTable.of(new DnsRoutes(List.of(), List.of(), List.of()));
        RouteTable oneCluster = RouteTable.of(new DnsRoutes(List.of(OLD), List.of(), List.of()));
        for (String spelled : List.of("web.default.svc.old.cluster.local.", "OLD.cluster.local.",
                "Web.Default.SVC.cluster.local.", "cluster.local.", "a.b.c.d.e.f.g.cluster.local.", "example.com.",
                "local.", "cluster.local.evil.com.", "old.cluster.local.example.", ".")) {
            Name name = name(spelled);
            for (RouteTable table : List.of(TABLE, noClusters, oneCluster)) {
                assertThat(table.routeCanonicalWire(name.toWireCanonical())).as(spelled)
                        .isSameAs(table.route(name));
            }
        }
    }

    @Test
    void theByteLookupLeavesReverseNamesToTheNameLookupWhileReverseRoutesExist() throws Exception {
        Name podPtr = ReverseMap.fromAddress("10.200.1.7");
        Name sixPtr = ReverseMap.fromAddress(InetAddress.getByName("fd00:100::5"));
        RouteTable noClusters = RouteTable.of(new DnsRoutes(List.of(), List.of(), List.of()));

        assertThat(TABLE.routeCanonicalWire(podPtr.toWireCanonical())).isNull();
        assertThat(TABLE.routeCanonicalWire(sixPtr.toWireCanonical())).isNull();
        assertThat(noClusters.routeCanonicalWire(podPtr.toWireCanonical())).isSameAs(Route.UPSTREAM);
    }

    @Test
    void reverseNamesOfClusterAddressesGoToThatCluster() throws Exception {
        assertThat(TABLE.route(ReverseMap.fromAddress("10.200.1.7")).label()).isEqualTo("reverse:old");
        assertThat(TABLE.route(ReverseMap.fromAddress("10.96.0.10")).label()).isEqualTo("reverse:old");
        assertThat(TABLE.route(ReverseMap.fromAddress("10.100.3.4")).label()).isEqualTo("reverse:new");
        assertThat(TABLE.route(ReverseMap.fromAddress(InetAddress.getByName("fd00:100::5"))).label())
                .isEqualTo("reverse:new");
        assertThat(TABLE.route(ReverseMap.fromAddress("192.168.1.1")).label()).isEqualTo("upstream");
        assertThat(TABLE.route(ReverseMap.fromAddress(InetAddress.getByName("fd00:200::5"))).label())
                .isEqualTo("upstream");
    }

    @Test
    void reverseAnswersNameTheAliasOnlyWhenTheDomainIsShared() throws Exception {
        Route shared = TABLE.route(ReverseMap.fromAddress("10.200.1.7"));
        assertThat(shared).isInstanceOfSatisfying(Route.Reverse.class,
                reverse -> assertThat(reverse.namesUnderAlias()).isTrue());

        RouteTable alone = RouteTable.of(new DnsRoutes(List.of(OLD), List.of(), List.of()));
        assertThat(alone.route(ReverseMap.fromAddress("10.200.1.7"))).isInstanceOfSatisfying(Route.Reverse.class,
                reverse -> assertThat(reverse.namesUnderAlias()).as("cluster.local names only old").isFalse());
    }

    @Test
    void partialReverseNamesGoUpstream() {
        assertThat(TABLE.route(name("200.10.in-addr.arpa.")).label()).isEqualTo("upstream");
        assertThat(TABLE.route(name("in-addr.arpa.")).label()).isEqualTo("upstream");
        assertThat(TABLE.route(name("0.0.1.0.0.0.d.f.ip6.arpa.")).label()).isEqualTo("upstream");
        assertThat(TABLE.route(name("7.1.200.10.in-addr.arpa.")).label()).isEqualTo("reverse:old");
    }

    @Test
    void reverseNamesDecodeToAddresses() throws Exception {
        assertThat(ReverseName.decode(name("7.1.200.10.IN-ADDR.ARPA."))).contains(InetAddress.getByName("10.200.1.7"));
        assertThat(ReverseName.decode(ReverseMap.fromAddress(InetAddress.getByName("2001:db8::1"))))
                .contains(InetAddress.getByName("2001:db8::1"));
        assertThat(ReverseName.decode(name("300.1.200.10.in-addr.arpa."))).isEmpty();
        assertThat(ReverseName.decode(name("x.1.200.10.in-addr.arpa."))).isEmpty();
        assertThat(ReverseName.decode(name("1.1.1.200.10.in-addr.arpa."))).isEmpty();
        assertThat(ReverseName.decode(name("1.200.10.in-addr.arpa."))).isEmpty();
    }

    @Test
    void aSingleClusterDomainIsStillASharedRouteWithOneCluster() {
        RouteTable table = RouteTable.of(new DnsRoutes(List.of(OLD), List.of(), List.of()));
        assertThat(table.route(name("a.cluster.local."))).isInstanceOfSatisfying(Route.Shared.class,
                shared -> assertThat(shared.clusters()).containsExactly(OLD));
    }

    static ClusterDns cluster(String name, String domain, String alias, int priority, List<String> cidrs) {
        return new ClusterDns(name, name(domain), name(alias), priority,
                List.of(new InetSocketAddress("127.0.0.1", 53)), cidrs);
    }

    static Name name(String text) {
        return Name.fromConstantString(text);
    }
}
