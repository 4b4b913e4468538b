package io.clustergateway.dns;

import static io.clustergateway.dns.SplitHorizonTest.addresses;
import static io.clustergateway.dns.SplitHorizonTest.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.dns.forward.ForwardSettings;
import io.clustergateway.testkit.Dnsmasq;
import io.clustergateway.testkit.Requirements;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A cluster's DNS freezes (SIGSTOP: neither answers nor refuses). Once the background probes have marked it down,
 * no client query waits for it: cached names are answered stale at once (RFC 8767), others get SERVFAIL at once,
 * where each used to cost the whole 3 s budget. Clients that sent EDNS learn why (RFC 8914), explain too.
 */
class FrozenClusterDnsTest {
    private static final Duration BUDGET = Duration.ofSeconds(3);
    /** Far below the budget a query waiting for the frozen server would use up. */
    private static final Duration AT_ONCE = Duration.ofMillis(1500);

    private Dnsmasq cluster;
    private DnsServer server;
    private SimpleResolver resolver;

    @BeforeEach
    void start() throws Exception {
        Requirements.requireDnsmasq();
        cluster = Dnsmasq.builder("127.0.0.116").authoritativeFor("cluster.local").ttl(1)
                .host("web.default.svc.cluster.local", "10.96.0.20")
                .start();
        CacheSettings cache = new CacheSettings(1000, Duration.ofMinutes(5), Duration.ofSeconds(5),
                Duration.ofMinutes(5));
        DnsServerSettings settings = new DnsServerSettings(List.of(new InetSocketAddress("127.0.0.1", 0)), BUDGET,
                cache, 0, 1);
        ClusterDns old = new ClusterDns("old", Name.fromConstantString("cluster.local."),
                Name.fromConstantString("old.cluster.local."), 10, List.of(cluster.address()), List.of());
        ForwardSettings forward = ForwardSettings.defaults().withProbeInterval(Duration.ofMillis(100))
                .withQuietInterval(Duration.ofMillis(300)).withPerTryTimeout(Duration.ofMillis(700));
        server = DnsServer.start(settings, new DnsRoutes(List.of(old), List.of(), List.of()), DnsListener.NOOP, forward);
        resolver = new SimpleResolver(server.boundAddresses().get(0));
        resolver.setEDNS(0, 1232, 0, List.of());
        resolver.setTimeout(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static List<ExtendedErrorCodeOption> extendedErrors(Message answer) {
        OPTRecord opt = answer.getOPT();
        return opt == null ? List.of() : opt.getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR).stream()
                .map(ExtendedErrorCodeOption.class::cast).toList();
    }

    @Test
    void aFrozenClusterKnownDownAnswersStaleAtOnceAndServfailAtOnce() throws Exception {
        Message cached = query("web.default.svc.old.cluster.local.", Type.A);
        assertThat(addresses(resolver.send(cached))).containsExactly("10.96.0.20");

        cluster.freeze();
        Awaitility.await("the probes mark the frozen server down, without any client query").atMost(Duration.ofSeconds(10))
                .until(() -> server.upstreamStatus().stream()
                        .anyMatch(s -> s.pool().equals("cluster:old") && !s.healthy()));

        Awaitility.await("the cached answer's 1 s TTL runs out").atMost(Duration.ofSeconds(10))
                .until(() -> resolver.send(cached).getSection(Section.ANSWER).get(0).getTTL() == 30);
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            Message stale = resolver.send(cached);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(addresses(stale)).containsExactly("10.96.0.20");
            assertThat(stale.getSection(Section.ANSWER).get(0).getTTL()).as("a stale answer's TTL").isEqualTo(30);
            assertThat(took).as("stale at once, not after the budget").isLessThan(AT_ONCE);
        }
        long started = System.nanoTime();
        Message unknown = resolver.send(query("never-asked.default.svc.old.cluster.local.", Type.A));
        assertThat(unknown.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("SERVFAIL at once").isLessThan(AT_ONCE);

        // RFC 8914: the reason goes to clients that sent EDNS, and only to them
        assertThat(extendedErrors(resolver.send(cached))).singleElement().satisfies(ede -> {
            assertThat(ede.getErrorCode()).isEqualTo(ExtendedErrorCodeOption.STALE_ANSWER);
            assertThat(ede.getText()).contains("cluster:old", "timeout");
        });
        assertThat(extendedErrors(unknown)).singleElement().satisfies(ede -> {
            assertThat(ede.getErrorCode()).isEqualTo(ExtendedErrorCodeOption.NO_REACHABLE_AUTHORITY);
            assertThat(ede.getText()).contains("cluster:old", cluster.hostPort(), "timeout");
        });
        Dig dig = Dig.ask(server.boundAddresses().get(0), "other.default.svc.old.cluster.local", "A");
        assertThat(dig.status()).isEqualTo("SERVFAIL");
        assertThat(dig.output()).contains("EDE: 22 (No Reachable Authority)");
        SimpleResolver plain = new SimpleResolver(server.boundAddresses().get(0));
        plain.setEDNS(-1);
        plain.setTimeout(Duration.ofSeconds(10));
        Message withoutEdns = plain.send(query("never-asked.default.svc.old.cluster.local.", Type.A));
        assertThat(withoutEdns.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(withoutEdns.getOPT()).isNull();

        Explanation explanation = server.explain("never-asked.default.svc.old.cluster.local", Type.A).get();
        assertThat(explanation.rcode()).isEqualTo("SERVFAIL");
        assertThat(explanation.failure()).hasValueSatisfying(failure ->
                assertThat(failure).startsWith("cluster:old timeout: ").contains(cluster.hostPort()));

        cluster.thaw();
        Awaitility.await("the first answer to a probe brings it back").atMost(Duration.ofSeconds(10))
                .until(() -> server.upstreamStatus().stream()
                        .allMatch(s -> !s.pool().equals("cluster:old") || s.healthy()));
        assertThat(resolver.send(query("web.default.svc.old.cluster.local.", Type.A)).getSection(Section.ANSWER)
                .get(0).getTTL()).as("fresh again").isLessThanOrEqualTo(1);
    }
}
