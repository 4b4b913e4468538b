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
import org.xbill.DNS.Section;

/**
 * During a migration a Service is created and must resolve at once, not after the cached answer for its name
 * expires. The cluster's Kubernetes API (the test server) reports the new Service; the gateway drops what it
 * cached for {@code <service>.<namespace>.svc.<domain>}.
 *
 * <p>The cluster's DNS is a real dnsmasq. CoreDNS puts an SOA in NXDOMAIN answers, so those are negatively
 * cached; dnsmasq does not, so its NXDOMAIN would not be cached at all and the purge could not be seen. A
 * long-lived positive answer that changes behind the cache shows the same purge: the name's entries go, the next
 * query asks the cluster again.
 */
@QuarkusTest
@TestProfile(ServiceChangePurgeTest.Profile.class)
@WithKubernetesTestServer(crud = true)
class ServiceChangePurgeTest {
    static final String NAME = "fresh.default.svc.cluster.local.";
    static final String BEFORE = "10.110.0.50";
    static final String AFTER = "10.110.0.51";

    @Inject
    KubernetesClient client;

    MigrationDns dns;

    @Test
    void creatingAServiceDropsWhatWasCachedForItsName() throws IOException {
        Requirements.requireDnsmasq();
        assertThat(address(GatewayUnderTest.resolve(NAME))).isEqualTo(BEFORE);

        dns.replaceAnswer(AFTER);
        assertThat(address(GatewayUnderTest.resolve(NAME)))
                .as("the answer is cached for its 300 s TTL, so the changed server is not asked yet")
                .isEqualTo(BEFORE);

        client.services().inNamespace("default").resource(new ServiceBuilder()
                .withNewMetadata().withName("fresh").withNamespace("default").endMetadata()
                .withNewSpec().withClusterIP(AFTER).addNewPort().withPort(80).endPort().endSpec()
                .build()).create();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(address(GatewayUnderTest.resolve(NAME))).isEqualTo(AFTER));
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

    /** The cluster's DNS on loopback, answering {@link #NAME} with a 300 s TTL; its answer can be changed. */
    public static class MigrationDns implements QuarkusTestResourceLifecycleManager {
        private static final String ADDRESS = "127.0.0.42";
        private Dnsmasq server;
        private int port;

        @Override
        public Map<String, String> start() {
            port = Dnsmasq.freePort(ADDRESS);
            if (Dnsmasq.binary().isPresent()) {
                try {
                    server = serving(BEFORE);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return Map.of("gateway.clusters.mig.dns", ADDRESS + ":" + port);
        }

        void replaceAnswer(String address) throws IOException {
            server.close();
            server = serving(address);
        }

        private Dnsmasq serving(String address) throws IOException {
            return Dnsmasq.builder(ADDRESS).port(port).ttl(300).authoritativeFor("cluster.local")
                    .host(NAME.substring(0, NAME.length() - 1), address).start();
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
