package io.clustergateway.dns.translate;

import static io.clustergateway.dns.translate.AnswerTranslatorTest.addresses;
import static io.clustergateway.dns.translate.AnswerTranslatorTest.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.dns.DnsListener;
import io.clustergateway.dns.forward.ForwardSettings;
import io.clustergateway.dns.forward.UpstreamPool;
import io.clustergateway.dns.forward.UpstreamPools;
import io.clustergateway.testkit.Dnsmasq;
import io.clustergateway.testkit.Requirements;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Two clusters built alike (real dnsmasq, the same records), each seen through its own virtual ranges. */
class TranslatingPoolTest {
    private static Dnsmasq oldDns;
    private static Dnsmasq newDns;
    private static EventLoopGroup group;
    private static UpstreamPool oldPool;
    private static UpstreamPool newPool;

    @BeforeAll
    static void start() throws Exception {
        Requirements.requireDnsmasq();
        oldDns = alike("127.0.0.51");
        newDns = alike("127.0.0.52");
        group = Epoll.isAvailable() ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        oldPool = new TranslatingPool(UpstreamPools.create("cluster:old", List.of(oldDns.address()),
                ForwardSettings.defaults(), group, DnsListener.NOOP), new AnswerTranslator(List.of(
                AddressMap.parse("10.244.0.0/16", "100.70.0.0/16"), AddressMap.parse("10.96.0.0/12", "100.96.0.0/12"))));
        newPool = new TranslatingPool(UpstreamPools.create("cluster:new", List.of(newDns.address()),
                ForwardSettings.defaults(), group, DnsListener.NOOP), new AnswerTranslator(List.of(
                AddressMap.parse("10.244.0.0/16", "100.81.0.0/16"), AddressMap.parse("10.96.0.0/12", "100.112.0.0/12"))));
    }

    /** kubeadm and flannel defaults: CoreDNS's records of the same service and pods in either cluster. */
    private static Dnsmasq alike(String address) throws Exception {
        return Dnsmasq.builder(address).authoritativeFor("cluster.local").logQueries()
                .host("web.default.svc.cluster.local", "10.96.0.20")
                .host("db.default.svc.cluster.local", "10.244.1.5")
                .host("db.default.svc.cluster.local", "10.244.2.6")
                .srv("_http._tcp.web.default.svc.cluster.local", "web.default.svc.cluster.local", 80)
                .ptr("5.1.244.10.in-addr.arpa", "10-244-1-5.db.default.svc.cluster.local")
                .start();
    }

    @AfterAll
    static void stop() {
        for (UpstreamPool pool : new UpstreamPool[] {oldPool, newPool}) {
            if (pool != null) {
                pool.close();
            }
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        for (Dnsmasq dnsmasq : new Dnsmasq[] {oldDns, newDns}) {
            if (dnsmasq != null) {
                dnsmasq.close();
            }
        }
    }

    private static Message ask(UpstreamPool pool, String name, int type) throws Exception {
        return pool.query(query(name, type), System.nanoTime() + Duration.ofSeconds(3).toNanos()).get(5, TimeUnit.SECONDS);
    }

    @Test
    void theSameServiceAnswersEachClustersOwnVirtualAddress() throws Exception {
        assertThat(addresses(ask(oldPool, "web.default.svc.cluster.local.", Type.A), Section.ANSWER)).containsExactly("100.96.0.20");
        assertThat(addresses(ask(newPool, "web.default.svc.cluster.local.", Type.A), Section.ANSWER)).containsExactly("100.112.0.20");
    }

    @Test
    void aHeadlessServiceHasEveryAddressTranslated() throws Exception {
        assertThat(addresses(ask(oldPool, "db.default.svc.cluster.local.", Type.A), Section.ANSWER))
                .containsExactlyInAnyOrder("100.70.1.5", "100.70.2.6");
        assertThat(addresses(ask(newPool, "db.default.svc.cluster.local.", Type.A), Section.ANSWER))
                .containsExactlyInAnyOrder("100.81.1.5", "100.81.2.6");
    }

    @Test
    void srvTargetsComeWithTranslatedAdditionalAddresses() throws Exception {
        Message answer = ask(newPool, "_http._tcp.web.default.svc.cluster.local.", Type.SRV);

        assertThat(answer.getSection(Section.ANSWER)).hasSize(1);
        assertThat(addresses(answer, Section.ADDITIONAL)).containsExactly("100.112.0.20");
    }

    @Test
    void reverseLookupOfAVirtualAddressFindsThePodOfThatCluster() throws Exception {
        Message answer = ask(newPool, "5.1.81.100.in-addr.arpa.", Type.PTR);

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getQuestion().getName()).isEqualTo(Name.fromString("5.1.81.100.in-addr.arpa."));
        assertThat(answer.getSection(Section.ANSWER)).singleElement().satisfies(record -> {
            assertThat(record.getName()).isEqualTo(Name.fromString("5.1.81.100.in-addr.arpa."));
            assertThat(((PTRRecord) record).getTarget()).isEqualTo(Name.fromString("10-244-1-5.db.default.svc.cluster.local."));
        });
        assertThat(newDns.log()).contains("5.1.244.10.in-addr.arpa");
    }

    @Test
    void nxdomainAndNodataComeBackUntouched() throws Exception {
        Message nxdomain = ask(oldPool, "missing.default.svc.cluster.local.", Type.A);
        Message nodata = ask(oldPool, "web.default.svc.cluster.local.", Type.TXT);

        assertThat(nxdomain.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(nxdomain.getSection(Section.ANSWER)).isEmpty();
        assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
    }
}
