package io.clustergateway.dns;

import static io.clustergateway.dns.SplitHorizonTest.addresses;
import static io.clustergateway.dns.SplitHorizonTest.name;
import static io.clustergateway.dns.SplitHorizonTest.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.testkit.Dnsmasq;
import io.clustergateway.testkit.Requirements;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * What a forwarder owes its clients beyond relaying: no AA on answers it did not author (forwarded or cached), and
 * a CNAME out of the cluster's zone (an ExternalName Service) followed to the address, as unbound does.
 */
class CnameChaseTest {
    private static Dnsmasq cluster;
    private static Dnsmasq office;
    private static DnsServer server;
    private static InetSocketAddress address;

    @BeforeAll
    static void start() throws Exception {
        Requirements.requireDnsmasq();
        cluster = Dnsmasq.builder("127.0.0.118").authoritativeFor("cluster.local")
                .host("web.default.svc.cluster.local", "10.96.0.20")
                .option("--cname=ext.default.svc.cluster.local,www.example.org,300") // a TTL: cacheable
                .cname("gone.default.svc.cluster.local", "missing.example.org")
                .cname("loop.default.svc.cluster.local", "back.example.org")
                .start();
        office = Dnsmasq.builder("127.0.0.119").authoritativeFor("example.org")
                .host("www.example.org", "192.0.2.30")
                .cname("back.example.org", "loop.default.svc.cluster.local")
                .start();
        ClusterDns only = new ClusterDns("only", name("cluster.local."), name("only.cluster.local."), 10,
                List.of(cluster.address()), List.of("10.96.0.0/12"));
        server = DnsServer.start(SplitHorizonTest.settings(Duration.ofMillis(1500)),
                new DnsRoutes(List.of(only), List.of(office.address()), List.of()), DnsListener.NOOP);
        address = server.boundAddresses().get(0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        for (Dnsmasq dnsmasq : new Dnsmasq[] {cluster, office}) {
            if (dnsmasq != null) {
                dnsmasq.close();
            }
        }
    }

    @Test
    void answersCarryNoAaWhetherForwardedOrCached() throws Exception {
        assertThat(Dig.ask(cluster.address(), "web.default.svc.cluster.local", "A").flags())
                .as("the cluster's own answer is authoritative").contains("aa");

        Dig forwarded = Dig.ask(address, "web.default.svc.cluster.local", "A");
        Dig cached = Dig.ask(address, "web.default.svc.cluster.local", "A");

        assertThat(forwarded.data()).containsExactly("10.96.0.20");
        assertThat(forwarded.flags()).doesNotContain("aa");
        assertThat(cached.data()).containsExactly("10.96.0.20");
        assertThat(cached.flags()).as("a cache hit").doesNotContain("aa");
    }

    @Test
    void aCnameOutOfTheClusterIsFollowedToItsAddressFirstTimeAndFromTheCache() throws Exception {
        for (int i = 0; i < 2; i++) { // the second answer comes from the cache
            Message answer = send("ext.default.svc.cluster.local.", Type.A);
            assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(answer.getSection(Section.ANSWER).get(0)).isInstanceOfSatisfying(CNAMERecord.class,
                    cname -> assertThat(cname.getTarget()).hasToString("www.example.org."));
            assertThat(addresses(answer)).containsExactly("192.0.2.30");
            assertThat(answer.getHeader().getFlag(Flags.AA)).isFalse();

            Dig dig = Dig.ask(address, "ext.default.svc.cluster.local", "A");
            assertThat(dig.status()).isEqualTo("NOERROR");
            assertThat(dig.data()).containsExactly("www.example.org.", "192.0.2.30");
        }
    }

    @Test
    void aCnameToAMissingNameIsNxdomain() throws Exception {
        Message answer = send("gone.default.svc.cluster.local.", Type.A);
        assertThat(answer.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(answer.getSection(Section.ANSWER)).singleElement().isInstanceOf(CNAMERecord.class);
        assertThat(Dig.ask(address, "gone.default.svc.cluster.local", "A").status()).isEqualTo("NXDOMAIN");
    }

    @Test
    void aCnameLoopAcrossRoutesEndsInServfailNotAHang() throws Exception {
        assertThat(send("loop.default.svc.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(Dig.ask(address, "loop.default.svc.cluster.local", "A").status()).isEqualTo("SERVFAIL");
    }

    private static Message send(String name, int type) throws Exception {
        SimpleResolver resolver = new SimpleResolver(address);
        resolver.setTimeout(Duration.ofSeconds(3));
        return resolver.send(query(name, type));
    }
}
