package io.clustergateway.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.clustergateway.gateway.testsupport.DnsmasqClusters;
import io.clustergateway.gateway.testsupport.GatewayUnderTest;
import io.clustergateway.testkit.Requirements;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every endpoint, against the two-cluster office whose CoreDNS servers are real dnsmasq processes. */
@QuarkusTest
@WithTestResource(DnsmasqClusters.class)
class ApiTest {
    DnsmasqClusters servers;

    @BeforeEach
    void needsDnsmasq() {
        Requirements.requireDnsmasq();
    }

    @Test
    void explainShowsTheAliasRouteAndTheDnsmasqThatAnswered() {
        JsonPath explained = given().queryParam("name", "web.default.svc.old.cluster.local")
                .when().get("/api/v1/dns/explain")
                .then().statusCode(200).contentType("application/json")
                .extract().jsonPath();

        assertThat(explained.getString("route")).isEqualTo("alias:old");
        assertThat(explained.getString("rcode")).isEqualTo("NOERROR");
        assertThat(explained.getString("answeredBy"))
                .isIn("cluster:old@" + servers.old().hostPort(), "cache");
        assertThat(explained.getList("answers", String.class))
                .anySatisfy(rr -> assertThat(rr).startsWith("web.default.svc.old.cluster.local.").endsWith(DnsmasqClusters.OLD_WEB));
        assertThat(servers.old().log()).contains("web.default.svc.cluster.local");
    }

    @Test
    void explainOfASharedNameAsksTheClustersInPriorityOrder() {
        JsonPath explained = given().queryParam("name", "legacy.default.svc.cluster.local").queryParam("type", "A")
                .when().get("/api/v1/dns/explain")
                .then().statusCode(200).extract().jsonPath();

        assertThat(explained.getString("route")).isEqualTo("shared:cluster.local");
        // new (priority 10) has no such service and answers NXDOMAIN; old (20) has it
        assertThat(explained.getList("tried", String.class)).containsExactly("cluster:new", "cluster:old");
        assertThat(explained.getString("answeredBy")).isEqualTo("cluster:old@" + servers.old().hostPort());
        assertThat(explained.getList("answers", String.class)).anySatisfy(rr -> assertThat(rr).endsWith(DnsmasqClusters.OLD_LEGACY));
    }

    @Test
    void explainTakesAnAddressForItsPtrAndNocacheAsksTheClusterAgain() {
        JsonPath ptr = given().queryParam("name", DnsmasqClusters.OLD_WEB)
                .when().get("/api/v1/dns/explain")
                .then().statusCode(200).extract().jsonPath();
        assertThat(ptr.getString("name")).isEqualTo("20.0.96.10.in-addr.arpa.");
        assertThat(ptr.getString("type")).isEqualTo("PTR");
        assertThat(ptr.getString("route")).isEqualTo("reverse:old");
        assertThat(ptr.getList("answers", String.class))
                .anySatisfy(rr -> assertThat(rr).endsWith("web.default.svc.old.cluster.local."));

        given().queryParam("name", "web.default.svc.new.cluster.local").when().get("/api/v1/dns/explain")
                .then().statusCode(200);
        given().queryParam("name", "web.default.svc.new.cluster.local").when().get("/api/v1/dns/explain")
                .then().statusCode(200).body("answeredBy", equalTo("cache"));
        given().queryParam("name", "web.default.svc.new.cluster.local").queryParam("nocache", "true")
                .when().get("/api/v1/dns/explain")
                .then().statusCode(200).body("answeredBy", equalTo("cluster:new@" + servers.fresh().hostPort()));
    }

    @Test
    void explainOfAnExternalNameGoesUpstream() {
        JsonPath explained = given().queryParam("name", "www.example.com")
                .when().get("/api/v1/dns/explain")
                .then().statusCode(200).extract().jsonPath();

        assertThat(explained.getString("route")).isEqualTo("upstream");
        assertThat(explained.getList("answers", String.class)).anySatisfy(rr -> assertThat(rr).endsWith(DnsmasqClusters.EXTERNAL));
    }

    @Test
    void explainRejectsAnUnknownTypeListingTheAcceptedOnes() {
        given().queryParam("name", "web.default.svc.cluster.local").queryParam("type", "BOGUS")
                .when().get("/api/v1/dns/explain")
                .then().statusCode(400).contentType("application/json")
                .body("error", containsString("unknown record type \"BOGUS\""))
                .body("accepted", hasItems("A", "AAAA", "SRV", "PTR"));
        given().queryParam("name", "web.default.svc.cluster.local").queryParam("type", "srv")
                .when().get("/api/v1/dns/explain")
                .then().statusCode(200).body("type", equalTo("SRV"));
    }

    @Test
    void clustersShowEffectiveValuesWithTheirSourceAndHealth() {
        given().when().get("/api/v1/clusters")
                .then().statusCode(200).contentType("application/json")
                .body("name", equalTo(java.util.List.of("new", "old")))
                .body("find { it.name == 'old' }.alias", equalTo("old.cluster.local"))
                .body("find { it.name == 'old' }.priority", equalTo(20))
                .body("find { it.name == 'old' }.serviceCidrs.values", equalTo(java.util.List.of("10.96.0.0/12")))
                .body("find { it.name == 'old' }.serviceCidrs.source", equalTo("config"))
                .body("find { it.name == 'old' }.dns.values", equalTo(java.util.List.of(servers.old().hostPort())))
                .body("find { it.name == 'old' }.dnsHealth.server", hasItem(servers.old().hostPort()))
                .body("find { it.name == 'new' }.podCidrs.values", equalTo(java.util.List.of("10.244.0.0/16")))
                .body("find { it.name == 'new' }.disagreements", equalTo(java.util.List.of()));
    }

    @Test
    void routesForACiscoRouter() {
        given().queryParam("format", "cisco-ios")
                .when().get("/api/v1/routes")
                .then().statusCode(200).contentType(startsWith("text/plain"))
                .body(containsString("ip route 10.96.0.0 255.240.0.0 192.168.1.109"))
                .body(containsString("ip route 10.244.0.0 255.255.0.0 192.168.1.109"));
    }

    @Test
    void routesDefaultToJson() {
        given().when().get("/api/v1/routes")
                .then().statusCode(200).contentType("application/json")
                .body("destination", hasItems("10.96.0.0/12", "10.244.0.0/16", "10.200.0.0/16", "10.254.0.0/16"))
                .body("find { it.destination == '10.254.0.0/16' }.nextHop", equalTo("192.168.1.109"))
                .body("find { it.destination == '10.254.0.0/16' }.cluster", equalTo("new"));
    }

    @Test
    void unknownRouteFormatIs400ListingTheAcceptedValues() {
        given().queryParam("format", "netgear")
                .when().get("/api/v1/routes")
                .then().statusCode(400).contentType("application/json")
                .body("error", containsString("unknown route format \"netgear\""))
                .body("accepted", hasItems("linux", "cisco-ios", "junos", "mikrotik", "vyos", "windows", "macos",
                        "json", "dhcp-option-121"));
    }

    @Test
    void peeringRouteFormatsWithoutBgpAre400NamingTheStaticOnes() {
        given().queryParam("format", "bird")
                .when().get("/api/v1/routes")
                .then().statusCode(400).contentType("application/json")
                .body("error", containsString("route format \"bird\" is a BGP peering, and BGP is off"))
                .body("accepted", hasItems("linux", "cisco-ios", "json"));
    }

    @Test
    void bgpIsReportedOffByDefault() {
        given().when().get("/api/v1/bgp")
                .then().statusCode(200).contentType("application/json")
                .body("enabled", equalTo(false))
                .body("sessions", org.hamcrest.Matchers.empty());
    }

    @Test
    void clientSetupForMacos() {
        String port = Integer.toString(GatewayUnderTest.dnsPort());
        given().queryParam("os", "macos")
                .when().get("/api/v1/client-setup")
                .then().statusCode(200).contentType(startsWith("text/plain"))
                .body(containsString("sudo mkdir -p /etc/resolver"))
                .body(containsString("sudo tee /etc/resolver/cluster.local"))
                .body(containsString("sudo tee /etc/resolver/old.cluster.local"))
                .body(containsString("sudo tee /etc/resolver/new.cluster.local"))
                .body(containsString("nameserver 127.0.0.1\nport " + port + "\n"));
    }

    @Test
    void clientSetupForLinux() {
        given().queryParam("os", "linux")
                .when().get("/api/v1/client-setup")
                .then().statusCode(200)
                .body(containsString("resolvectl domain \"$LINK\" ~cluster.local ~new.cluster.local ~old.cluster.local"))
                .body(containsString("resolvectl dns \"$LINK\" 127.0.0.1:" + GatewayUnderTest.dnsPort()))
                .body(containsString("/etc/systemd/resolved.conf.d/cluster-gateway.conf"))
                .body(containsString("v246"));
    }

    @Test
    void clientSetupForWindowsSaysNrptNeedsPort53() {
        given().queryParam("os", "windows")
                .when().get("/api/v1/client-setup")
                .then().statusCode(200)
                .body(containsString("Add-DnsClientNrptRule -Namespace \".cluster.local\" -NameServers \"127.0.0.1\""))
                .body(containsString("Add-DnsClientNrptRule -Namespace \".old.cluster.local\""))
                .body(containsString("NRPT always asks port 53"));
    }

    @Test
    void unknownOsIs400ListingTheAcceptedValues() {
        given().queryParam("os", "amiga")
                .when().get("/api/v1/client-setup")
                .then().statusCode(400).contentType("application/json")
                .body("error", containsString("unknown os \"amiga\""))
                .body("accepted", equalTo(java.util.List.of("macos", "linux", "windows")));
    }

    @Test
    void natShowsThePlanAndTheRenderedRuleset() {
        given().when().get("/api/v1/nat")
                .then().statusCode(200).contentType("application/json")
                .body("backend", equalTo("none"))
                .body("rules.find { it.sourceName == 'office:hq' && it.destination == '10.96.0.0/12' }.translation",
                        equalTo("masquerade"))
                .body("rules.find { it.sourceName == 'office:hq' && it.destination == '10.96.0.0/12' }.comment",
                        equalTo("office:hq 10.1.3.0/24 -> cluster:old 10.96.0.0/12"))
                .body("rules.findAll { it.sourceName == 'cluster:old' && it.destination == '10.244.0.0/16' }.source",
                        hasItems("10.200.0.0/16", "10.96.0.0/12"))
                .body("ruleset", containsString("table ip cluster_gateway"))
                .body("ruleset", containsString("10.1.3.0/24"))
                .body("inSync", equalTo(true))
                .body("drift", hasItem("backend none: nothing applied"))
                .body("lastError", equalTo(null));
    }

    @Test
    void statusPageNamesTheClustersAndTheirState() {
        given().when().get("/")
                .then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("<b>old</b>"))
                .body(containsString("<b>new</b>"))
                .body(containsString("old.cluster.local"))
                .body(containsString(servers.old().hostPort()))
                .body(containsString("10.200.0.0/16"))
                .body(containsString("backend none"))
                .body(containsString("plan only")) // backend none applies nothing: never shown as "in sync"
                .body(not(containsString("in sync</span>")))
                .body(containsString("192.168.1.109"))
                .body(not(containsString("{view.")));
    }

    @Test
    void metricsCountQueriesByRouteAndRcode() {
        given().queryParam("name", "www.example.com").when().get("/api/v1/dns/explain").then().statusCode(200);
        GatewayUnderTest.resolve("www.example.com.");
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("gateway_dns_queries_total{rcode=\"NOERROR\",route=\"upstream\"}"))
                .body(containsString("gateway_dns_query_duration_seconds_count{route=\"upstream\"}"))
                .body(containsString("gateway_dns_cache_total"))
                .body(containsString("gateway_nat_reconciles_total"));
    }

    @Test
    void openApiDescribesTheApi() {
        given().when().get("/q/openapi")
                .then().statusCode(200)
                .body(containsString("/api/v1/routes"))
                .body(containsString("/api/v1/dns/explain"));
    }
}
