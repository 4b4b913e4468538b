package io.clustergateway.gateway.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clustergateway.gateway.testsupport.GatewayUnderTest;
import io.clustergateway.testkit.Dnsmasq;
import io.clustergateway.testkit.Requirements;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * During a migration a Service is created and must resolve at once, not after the cached "no such name" expires.
 * The cluster's Kubernetes API (the test server) reports the new Service; the gateway drops what it cached for
 * {@code <service>.<namespace>.svc.<domain>}.
 *
 * <p>The cluster's DNS is a real dnsmasq serving {@code cluster.local} as an authoritative zone, so its NXDOMAIN
 * carries the zone's SOA as CoreDNS's does, and the gateway caches it (RFC 2308, capped at
 * {@code gateway.dns.cache.negative-max-ttl}, 30 s by default).
 */
@QuarkusTest
@TestProfile(ServiceChangePurgeTest.Profile.class)
@WithKubernetesTestServer(crud = true)
class ServiceChangePurgeTest {
    static final String NAME = "fresh.default.svc.cluster.local.";
    static final String CLUSTER_IP = "10.110.0.51";

    @Inject
    KubernetesClient client;

    MigrationDns dns;

    @Test
    void creatingAServiceDropsTheCachedNxdomainForItsName() throws IOException {
        Requirements.requireDnsmasq();
        Message before = GatewayUnderTest.resolve(NAME);
        assertThat(before.getRcode()).as("before the Service exists: %s", before).isEqualTo(Rcode.NXDOMAIN);
        assertThat(before.getSection(Section.AUTHORITY)).as("the cluster DNS's SOA, which makes it cacheable")
                .anyMatch(SOARecord.class::isInstance);

        dns.addService(CLUSTER_IP);
        assertThat(GatewayUnderTest.resolve(NAME).getRcode())
                .as("the NXDOMAIN is cached for up to 30 s, so the cluster DNS, which has the name now, is not asked")
                .isEqualTo(Rcode.NXDOMAIN);

        client.services().inNamespace("default").resource(new ServiceBuilder()
                .withNewMetadata().withName("fresh").withNamespace("default").endMetadata()
                .withNewSpec().withClusterIP(CLUSTER_IP).addNewPort().withPort(80).endPort().endSpec()
                .build()).create();

        // well inside the 30 s the cached NXDOMAIN would otherwise live
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(address(GatewayUnderTest.resolve(NAME))).isEqualTo(CLUSTER_IP));
    }

    private static String address(Message answer) {
        List<org.xbill.DNS.Record> records = answer.getSection(Section.ANSWER);
        assertThat(records).as("answer for %s: %s", NAME, answer).singleElement().isInstanceOf(ARecord.class);
        return ((ARecord) records.get(0)).getAddress().getHostAddress();
    }

    /** One cluster, {@code mig}, discovered through the test server but with its DNS configured (config wins). */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.http.test-port", "0",
                    // surefire passes -Dgateway.e2e.required, which the strict gateway.* mapping would reject
                    "smallrye.config.mapping.validate-unknown", "false",
                    // application.yaml points the default client at a dead port; here it is the test server
                    "quarkus.kubernetes-client.api-server-url", "${kubernetes.master}",
                    "gateway.dns.listen", "127.0.0.1:0",
                    "gateway.dns.upstreams", "127.0.0.1:9",
                    "gateway.nat.backend", "none",
                    "gateway.clusters.mig.kubernetes.enabled", "true",
                    "gateway.clusters.mig.pod-cidrs", "10.210.0.0/16",
                    "gateway.clusters.mig.service-cidrs", "10.110.0.0/16");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(MigrationDns.class));
        }
    }

    /**
     * The cluster's DNS on loopback: {@code cluster.local} as an authoritative zone, first without {@link #NAME},
     * then (after {@link #addService}) with it. 127.0.0.1, since dnsmasq answers authoritatively only on addresses
     * assigned to an interface.
     */
    public static class MigrationDns implements QuarkusTestResourceLifecycleManager {
        private static final String ADDRESS = "127.0.0.1";
        private Dnsmasq server;
        private int port;

        @Override
        public Map<String, String> start() {
            port = Dnsmasq.freePort(ADDRESS);
            if (Dnsmasq.binary().isPresent()) {
                try {
                    server = zone().start();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return Map.of("gateway.clusters.mig.dns", ADDRESS + ":" + port);
        }

        /** What CoreDNS does when the Service appears: the zone now has the name. */
        void addService(String clusterIp) throws IOException {
            server.close();
            server = zone().host(NAME.substring(0, NAME.length() - 1), clusterIp).start();
        }

        private Dnsmasq.Builder zone() {
            return Dnsmasq.builder(ADDRESS).port(port).ttl(300).authoritativeZone("cluster.local");
        }

        @Override
        public void inject(TestInjector testInjector) {
            testInjector.injectIntoFields(this, new TestInjector.MatchesType(MigrationDns.class));
        }

        @Override
        public void stop() {
            if (server != null) {
                server.close();
            }
        }
    }
}
