package io.clustergateway.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.testkit.Dnsmasq;
import io.clustergateway.testkit.Requirements;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Two clusters share cluster.local and the one asked first ("new", priority 10) loses its DNS: names it may hold
 * must fail (SERVFAIL), never come from the other cluster, and explain must name new as the culprit.
 */
class PriorityClusterDownTest {
    private Dnsmasq newDns;
    private Dnsmasq oldDns;
    private DnsServer server;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        Requirements.requireDnsmasq();
        newDns = Dnsmasq.builder("127.0.0.110").authoritativeFor("cluster.local")
                .host("kube-dns.kube-system.svc.cluster.local", "10.254.0.10")
                .start();
        oldDns = Dnsmasq.builder("127.0.0.111").authoritativeFor("cluster.local")
                .host("kube-dns.kube-system.svc.cluster.local", "10.96.0.10")
                .host("only-old.default.svc.cluster.local", "10.96.0.21")
                .start();
        ClusterDns neu = new ClusterDns("new", SplitHorizonTest.name("cluster.local."),
                SplitHorizonTest.name("new.cluster.local."), 10, List.of(newDns.address()), List.of("10.254.0.0/16"));
        ClusterDns old = new ClusterDns("old", SplitHorizonTest.name("cluster.local."),
                SplitHorizonTest.name("old.cluster.local."), 20, List.of(oldDns.address()), List.of("10.96.0.0/12"));
        server = DnsServer.start(SplitHorizonTest.settings(Duration.ofMillis(1500)),
                new DnsRoutes(List.of(old, neu), List.of(), List.of()), DnsListener.NOOP);
        address = server.boundAddresses().get(0);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        for (Dnsmasq dnsmasq : new Dnsmasq[] {newDns, oldDns}) {
            if (dnsmasq != null) {
                dnsmasq.close();
            }
        }
    }

    @Test
    void sharedNamesAreServfailWhileTheFirstClusterIsDownAndItsAliasIsNot() throws Exception {
        newDns.close();

        Message shared = ask("kube-dns.kube-system.svc.cluster.local.");
        assertThat(shared.getRcode()).as("old's address would be the wrong cluster's").isEqualTo(Rcode.SERVFAIL);
        assertThat(shared.getSection(Section.ANSWER)).isEmpty();
        assertThat(ask("only-old.default.svc.cluster.local.").getRcode()).isEqualTo(Rcode.SERVFAIL);
        Dig dig = Dig.ask(address, "kube-dns.kube-system.svc.cluster.local", "A");
        assertThat(dig.status()).isEqualTo("SERVFAIL");
        assertThat(dig.answers()).isEmpty();
        // the other cluster stays reachable by its alias
        assertThat(SplitHorizonTest.addresses(ask("kube-dns.kube-system.svc.old.cluster.local.")))
                .containsExactly("10.96.0.10");

        Explanation explanation = server.explain("kube-dns.kube-system.svc.cluster.local", Type.A).get();
        assertThat(explanation.rcode()).isEqualTo("SERVFAIL");
        assertThat(explanation.tried()).containsExactly("cluster:new");
        assertThat(explanation.answeredBy()).isEmpty();
        assertThat(explanation.failure()).hasValueSatisfying(failure -> assertThat(failure)
                .startsWith("cluster:new").contains(newDns.hostPort()));
    }

    @Test
    void theFirstClusterAnswersAgainOnceItsDnsIsBack() throws Exception {
        newDns.close();
        assertThat(ask("kube-dns.kube-system.svc.cluster.local.").getRcode()).isEqualTo(Rcode.SERVFAIL);

        newDns.restart();

        Awaitility.await("new answers again").atMost(Duration.ofSeconds(10))
                .until(() -> SplitHorizonTest.addresses(ask("kube-dns.kube-system.svc.cluster.local.")),
                        answers -> answers.equals(List.of("10.254.0.10")));
    }

    private Message ask(String name) throws Exception {
        SimpleResolver resolver = new SimpleResolver(address);
        resolver.setTimeout(Duration.ofSeconds(3));
        return resolver.send(SplitHorizonTest.query(name, Type.A));
    }
}
