package io.clustergateway.gateway.discovery;

import static io.clustergateway.gateway.discovery.KubeObjects.kubeDns;
import static io.clustergateway.gateway.discovery.KubeObjects.node;
import static io.clustergateway.gateway.discovery.KubeObjects.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Discovery against the Kubernetes test server, seeded by {@link SeedCluster}; each test undoes its changes. */
@QuarkusTest
@TestProfile(DiscoveryTestProfile.class)
@WithKubernetesTestServer(crud = true, setup = SeedCluster.class)
class ClusterDiscoveryTest {

    /**
     * Patience, not a promise of speed: with the other core busy (issue 13 item 13) one /api/v1/clusters call took
     * over 15 s. Each wait ends as soon as its condition holds.
     */
    static final Duration WAIT = Duration.ofSeconds(60);

    /** Recorded by an observer of the application: the test server and the application outlive single tests. */
    static final List<String> SERVICE_EVENTS = ServiceEvents.SEEN;

    @Inject
    ClusterDiscovery discovery;

    @Inject
    KubernetesClient client;

    private DiscoveredCluster lab() {
        return discovery.current().get("lab");
    }

    @Test
    void discoversCoreDnsPodAndServiceCidrs() {
        await().atMost(WAIT).untilAsserted(() -> {
            DiscoveredCluster lab = lab();
            assertThat(lab.apiReachable()).isTrue();
            assertThat(lab.error()).isEmpty();
            assertThat(lab.dns()).contains(new InetSocketAddress("10.96.0.10", 53));
            // two /24s of the nodes, summarized; the nodes win over kubeadm's wider podSubnet
            assertThat(lab.podCidrs()).containsExactly("10.244.0.0/23");
            assertThat(lab.podCidrSource()).isEqualTo("nodes");
            // the test server serves no ServiceCIDR objects: kubeadm-config is the source
            assertThat(lab.serviceCidrs()).containsExactly("10.96.0.0/12");
            assertThat(lab.serviceCidrSource()).isEqualTo("kubeadm-config");
        });
    }

    @Test
    void newNodeAddsItsPodCidr() {
        client.nodes().resource(node("worker-2", "10.244.2.0/24")).create();
        try {
            await().atMost(WAIT).untilAsserted(() ->
                    assertThat(lab().podCidrs()).containsExactly("10.244.0.0/23", "10.244.2.0/24"));
        } finally {
            client.nodes().withName("worker-2").delete();
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(lab().podCidrs()).containsExactly("10.244.0.0/23"));
    }

    @Test
    void recreatedKubeDnsServiceMovesTheDnsAddress() {
        replaceKubeDns("10.96.0.53");
        try {
            await().atMost(WAIT).untilAsserted(() ->
                    assertThat(lab().dns()).contains(new InetSocketAddress("10.96.0.53", 53)));
        } finally {
            replaceKubeDns("10.96.0.10");
        }
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(lab().dns()).contains(new InetSocketAddress("10.96.0.10", 53)));
    }

    private void replaceKubeDns(String clusterIp) {
        // a ClusterIP is immutable: changing it means deleting and creating the Service
        client.services().inNamespace("kube-system").withName("kube-dns").delete();
        await().atMost(WAIT).until(() -> client.services().inNamespace("kube-system").withName("kube-dns").get() == null);
        client.services().resource(kubeDns(clusterIp)).create();
    }

    @Test
    void serviceCidrObjectsWinOverKubeadmConfig() {
        GenericKubernetesResource extra = CidrDiscoveryTest.serviceCidr("extra", List.of("10.112.0.0/16"));
        GenericKubernetesResource kubernetes = CidrDiscoveryTest.serviceCidr("kubernetes", List.of("10.96.0.0/12"));
        var serviceCidrs = client.genericKubernetesResources(ServiceCidrs.context("v1"));
        serviceCidrs.resource(kubernetes).create();
        serviceCidrs.resource(extra).create();
        try {
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(lab().serviceCidrs()).containsExactly("10.96.0.0/12", "10.112.0.0/16");
                assertThat(lab().serviceCidrSource()).isEqualTo("servicecidrs");
            });
        } finally {
            serviceCidrs.withName("extra").delete();
            serviceCidrs.withName("kubernetes").delete();
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(lab().serviceCidrSource()).isEqualTo("kubeadm-config"));
    }

    @Test
    void addedAndDeletedServicesAreReported() {
        client.services().resource(service("shop", "cart", "10.96.7.7")).create();
        await().atMost(WAIT).untilAsserted(() -> assertThat(SERVICE_EVENTS).contains("lab:shop/cart"));
        SERVICE_EVENTS.clear();

        client.services().inNamespace("shop").withName("cart").delete();
        await().atMost(WAIT).untilAsserted(() -> assertThat(SERVICE_EVENTS).contains("lab:shop/cart"));
    }

    @Test
    void ownNodeWithoutTheForwardTaintIsWarnedAboutUntilTainted() {
        await().atMost(WAIT).untilAsserted(() -> assertThat(discovery.nodeTaintWarning())
                .hasValueSatisfying(w -> assertThat(w).contains("kubectl taint nodes gw-node forward=true:NoSchedule")));

        setOwnNodeTaints(List.of(new TaintBuilder().withKey("forward").withValue("true").withEffect("NoSchedule").build()));
        try {
            await().atMost(WAIT).untilAsserted(() -> assertThat(discovery.nodeTaintWarning()).isEmpty());
        } finally {
            setOwnNodeTaints(List.of());
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(discovery.nodeTaintWarning()).isPresent());
    }

    private void setOwnNodeTaints(List<io.fabric8.kubernetes.api.model.Taint> taints) {
        client.nodes().withName(DiscoveryTestProfile.NODE_NAME).edit(n -> {
            n.getSpec().setTaints(taints);
            return n;
        });
    }

    @Test
    void unreachableApiDoesNotStopTheStartAndIsReported() {
        await().atMost(WAIT).untilAsserted(() -> {
            DiscoveredCluster offline = discovery.current().get("offline");
            assertThat(offline.apiReachable()).isFalse();
            assertThat(offline.error()).hasValueSatisfying(e -> assertThat(e).contains("cannot reach https://127.0.0.1:1/"));
            assertThat(offline.dns()).isEmpty();
            assertThat(offline.podCidrs()).isEmpty();
        });
        // the others are unaffected
        await().atMost(WAIT).untilAsserted(() -> assertThat(lab().apiReachable()).isTrue());
        assertThat(discovery.current()).doesNotContainKey("absent").containsKeys("lab", "lab2", "offline");
        assertThat(Optional.ofNullable(discovery.current().get("lab2"))).isPresent();
    }

    @Test
    void discoveredValuesAndDisagreementsAppearInTheApi() {
        await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/v1/clusters").then()
                .statusCode(200)
                .body("find { it.name == 'lab' }.dns.values", contains("10.96.0.10:53"))
                .body("find { it.name == 'lab' }.dns.source", equalTo("discovery"))
                .body("find { it.name == 'lab' }.podCidrs.values", contains("10.244.0.0/23"))
                .body("find { it.name == 'lab' }.podCidrs.detail", equalTo("nodes"))
                .body("find { it.name == 'lab' }.serviceCidrs.values", contains("10.96.0.0/12"))
                .body("find { it.name == 'lab' }.serviceCidrs.detail", equalTo("kubeadm-config"))
                .body("find { it.name == 'lab' }.discovered.apiReachable", equalTo(true))
                // lab2's configuration is used, and each difference from its API is reported
                .body("find { it.name == 'lab2' }.podCidrs.values", contains("10.245.0.0/16"))
                .body("find { it.name == 'lab2' }.podCidrs.source", equalTo("config"))
                .body("find { it.name == 'lab2' }.disagreements.field", hasItems("dns", "pod-cidrs", "service-cidrs"))
                .body("find { it.name == 'lab2' }.disagreements.find { it.field == 'pod-cidrs' }.discovered",
                        contains("10.244.0.0/23"))
                .body("find { it.name == 'lab2' }.disagreements.find { it.field == 'pod-cidrs' }.configured",
                        contains("10.245.0.0/16"))
                .body("find { it.name == 'offline' }.discovered.apiReachable", equalTo(false))
                .body("find { it.name == 'offline' }.discovered.error", notNullValue()));

        await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/v1/routes?format=json").then()
                .statusCode(200)
                .body("find { it.destination == '10.244.0.0/23' }.cluster", equalTo("lab"))
                .body("find { it.destination == '10.244.0.0/23' }.nextHop", equalTo("192.0.2.10"))
                .body("find { it.destination == '10.96.0.0/12' }.cluster", equalTo("lab")));
    }
}
