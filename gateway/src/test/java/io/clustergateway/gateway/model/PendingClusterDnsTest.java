package io.clustergateway.gateway.model;

import io.clustergateway.gateway.testsupport.TestSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.dns.DnsListener;
import io.clustergateway.dns.DnsServer;
import io.clustergateway.dns.DnsServerSettings;
import io.clustergateway.gateway.config.GatewaySettings;
import io.clustergateway.testkit.Dnsmasq;
import io.clustergateway.testkit.Requirements;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A laptop asking for a name of a cluster whose CoreDNS discovery has not found yet gets SERVFAIL (try again), not
 * the NXDOMAIN of the public upstreams, which it would cache. The model is served by the real DNS server; the
 * upstream is a dnsmasq on loopback that, like a public resolver, knows no cluster.local names.
 */
class PendingClusterDnsTest {

    @Test
    void namesOfAClusterWhoseDnsIsNotDiscoveredYetFailInsteadOfGoingUpstream() throws Exception {
        Requirements.requireDnsmasq();
        try (Dnsmasq publicResolver = Dnsmasq.builder("127.0.0.25").authoritativeFor("cluster.local")
                .host("www.example.com", "192.0.2.80").start()) {
            GatewaySettings settings = settings(Map.of(
                    "gateway.dns.listen[0]", "127.0.0.1:0",
                    "gateway.dns.upstreams[0]", publicResolver.hostPort(),
                    "gateway.clusters.pending.kubernetes.enabled", "true"));
            GatewayModel model = ModelBuilder.build(settings, Map.of(), Instant.now());

            try (DnsServer server = DnsServer.start(new DnsServerSettings(settings.dns().listen(),
                    settings.dns().timeout(), settings.dns().cache(), 0, 1), model.dnsRoutes(), DnsListener.NOOP)) {
                SimpleResolver resolver = new SimpleResolver(server.boundAddresses().get(0));
                resolver.setTimeout(Duration.ofSeconds(5));

                assertThat(rcode(resolver, "web.default.svc.pending.cluster.local.")).as("under its alias")
                        .isEqualTo("SERVFAIL");
                assertThat(rcode(resolver, "web.default.svc.cluster.local.")).as("under the domain only it serves")
                        .isEqualTo("SERVFAIL");
                assertThat(rcode(resolver, "www.example.com.")).as("everything else still goes upstream")
                        .isEqualTo("NOERROR");
            }
        }
    }

    private static String rcode(SimpleResolver resolver, String name) throws Exception {
        Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)));
        return Rcode.string(answer.getRcode());
    }

    private static GatewaySettings settings(Map<String, String> properties) {
        return TestSettings.validated(properties);
    }
}
