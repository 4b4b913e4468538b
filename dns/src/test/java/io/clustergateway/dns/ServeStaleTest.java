package io.clustergateway.dns;

import static io.clustergateway.dns.SplitHorizonTest.addresses;
import static io.clustergateway.dns.SplitHorizonTest.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clustergateway.testkit.Dnsmasq;
import io.clustergateway.testkit.Requirements;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** A cluster's DNS dies: its expired answers are served stale for a while, then the client gets SERVFAIL. */
class ServeStaleTest {

    @Test
    void aDeadClusterDnsIsCoveredByStaleAnswersThenServfail() throws Exception {
        Requirements.requireDnsmasq();
        Dnsmasq flaky = Dnsmasq.builder("127.0.0.51").authoritativeFor("cluster.local").ttl(1)
                .host("web.default.svc.cluster.local", "10.96.0.20")
                .start();
        CacheSettings cache = new CacheSettings(1000, Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofSeconds(3));
        DnsServerSettings settings = new DnsServerSettings(List.of(new InetSocketAddress("127.0.0.1", 0)),
                Duration.ofMillis(800), cache, 0, 1);
        ClusterDns old = new ClusterDns("old", Name.fromConstantString("cluster.local."),
                Name.fromConstantString("old.cluster.local."), 10, List.of(flaky.address()), List.of());
        try (flaky; DnsServer server = DnsServer.start(settings, new DnsRoutes(List.of(old), List.of(), List.of()),
                DnsListener.NOOP)) {
            SimpleResolver resolver = new SimpleResolver(server.boundAddresses().get(0));
            resolver.setTimeout(Duration.ofSeconds(3));
            Message asked = query("web.default.svc.old.cluster.local.", Type.A);

            assertThat(addresses(resolver.send(asked))).containsExactly("10.96.0.20");
            flaky.close();

            // once the 1 s TTL has run out, the answer can only come from the stale cache (RFC 8767: TTL 30)
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                Message stale = resolver.send(asked);
                assertThat(addresses(stale)).containsExactly("10.96.0.20");
                assertThat(stale.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(30);
                assertThat(stale.getSection(Section.ANSWER).get(0).getName())
                        .hasToString("web.default.svc.old.cluster.local.");
            });
            assertThat(server.counters().staleAnswers()).isPositive();

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                    assertThat(resolver.send(asked).getRcode()).isEqualTo(Rcode.SERVFAIL));
        }
    }
}
