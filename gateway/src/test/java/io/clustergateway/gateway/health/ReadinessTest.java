package io.clustergateway.gateway.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.clustergateway.gateway.testsupport.DnsmasqClusters;
import io.clustergateway.gateway.testsupport.GatewayUnderTest;
import io.clustergateway.testkit.Requirements;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Readiness follows the DNS listeners and each cluster's DNS: what a load balancer or kubelet acts on. */
@QuarkusTest
@WithTestResource(DnsmasqClusters.class)
class ReadinessTest {
    DnsmasqClusters servers;

    @BeforeEach
    void needsDnsmasq() {
        Requirements.requireDnsmasq();
    }

    @Test
    void readyWithPerClusterData() {
        Awaitility.await("both clusters healthy").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().when().get("/q/health/ready")
                        .then().statusCode(200)
                        .body("status", equalTo("UP"))
                        .body("checks.find { it.name == 'dns' }.data.listeners", equalTo("up"))
                        .body("checks.find { it.name == 'dns' }.data.old", equalTo("up"))
                        .body("checks.find { it.name == 'dns' }.data.new", equalTo("up"))
                        .body("checks.find { it.name == 'dns' }.data.'old.servers'",
                                containsString(servers.old().hostPort() + " healthy")));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void aDeadClusterDnsTurnsReadinessDownForThatClusterAndBackUpWhenItReturns() throws Exception {
        servers.old().close();
        try {
            // like CoreDNS forward, an upstream is marked down by failed queries (2 in a row), then probed until it
            // answers again: laptops asking uncached names of the old cluster are what reveals the outage
            AtomicInteger attempt = new AtomicInteger();
            Awaitility.await("old marked down").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        GatewayUnderTest.resolve("gone-" + attempt.incrementAndGet() + ".default.svc.old.cluster.local.");
                        given().when().get("/q/health/ready")
                            .then().statusCode(503)
                            .body("status", equalTo("DOWN"))
                            .body("checks.find { it.name == 'dns' }.data.old", equalTo("down"))
                            .body("checks.find { it.name == 'dns' }.data.new", equalTo("up"))
                            .body("checks.find { it.name == 'dns' }.data.listeners", equalTo("up"));
                    });
            given().when().get("/api/v1/clusters")
                    .then().body("find { it.name == 'old' }.health", equalTo("down"));
        } finally {
            servers.old().restart();
        }
        Awaitility.await("old back up").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().when().get("/q/health/ready")
                        .then().statusCode(200)
                        .body("checks.find { it.name == 'dns' }.data.old", equalTo("up")));
    }

    @Test
    void aClusterDnsThatDiesWhileNoClientAsksIsFoundByReadinessItself() throws Exception {
        servers.fresh().close();
        try {
            // no client query at all: readiness asks each cluster DNS server that was quiet for 10 s once, which
            // starts its background probes; two failures in a row mark it down
            Awaitility.await("new marked down by readiness checks alone").atMost(Duration.ofSeconds(40))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> given().when().get("/q/health/ready")
                            .then().statusCode(503)
                            .body("checks.find { it.name == 'dns' }.data.new", equalTo("down"))
                            .body("checks.find { it.name == 'dns' }.data.old", equalTo("up")));
            // the cause: nothing listens on its port any more (ICMP port unreachable)
            given().when().get("/q/health/ready").then()
                    .body("checks.find { it.name == 'dns' }.data.'new.servers'", containsString("refused"));
            given().when().get("/").then().body(containsString("down (refused)"));
        } finally {
            servers.fresh().restart();
        }
        Awaitility.await("new back up").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().when().get("/q/health/ready")
                        .then().statusCode(200)
                        .body("checks.find { it.name == 'dns' }.data.new", equalTo("up")));
    }
}
