package io.clustergateway.gateway.e2e;

import io.clustergateway.testkit.Requirements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.opentest4j.TestAbortedException;

/**
 * The whole path on real Linux networking (issue 6): the packaged gateway runs in the forwarding node of
 * deploy/lab/lab.sh with NAT backend nftables and kernel routes on; the office router takes the routes the gateway
 * publishes; then the laptop resolves and connects exactly as a developer's laptop would, the clusters reach each
 * other during a migration, a deleted NAT table is put back, and one dead cluster DNS leaves the rest resolving.
 *
 * <p>Everything runs inside the lab's own namespaces (prefix {@value #PREFIX}, never a user's {@code cgw-} lab),
 * which {@code lab.sh down} removes before and after. Needs root, ip, nft, dnsmasq, socat, dig and curl: without
 * them the class is skipped with the reason, or fails under {@code -Dgateway.e2e.required=true}.
 *
 * <p>Properties: {@code gateway.jar} (default {@code <build dir>/quarkus-app/quarkus-run.jar}),
 * {@code gateway.lab.script} (default {@code deploy/lab/lab.sh} above the build dir),
 * {@code project.build.directory} (default: the folder holding this class's {@code test-classes}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabEndToEndIT {
    static final String PREFIX = "cge2e-";
    private static final Duration QUICK = Duration.ofSeconds(10);
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    /** The lab's reconcile interval is 2 s; a repair slower than this is a bug, not a slow machine. */
    private static final Duration REPAIR_WITHIN = Duration.ofSeconds(15);

    // What the lab's upstream resolver (dnsmasq in the isp namespace) answers; lab.sh env does not print these.
    private static final String EXAMPLE_COM = "192.0.2.10";
    private static final String EXAMPLE_ORG_WILDCARD = "192.0.2.20";

    private static String skipReason;
    private static LabLock labLock;
    private static Lab lab;
    private static GatewayProcess gateway;
    private static String publishedRoutes;
    private static Command routerAfterApply;

    @BeforeAll
    static void startLabAndGateway() throws Exception {
        Path buildDir = buildDir();
        Path jar = Path.of(System.getProperty("gateway.jar", buildDir.resolve("quarkus-app/quarkus-run.jar").toString()));
        Path script = labScript(buildDir);
        try {
            Requirements.requireNetns("nft", "dnsmasq", "socat", "dig", "curl", "sysctl", "setsid", "ss", "getent", "timeout", "bash");
            Requirements.require(Files.isRegularFile(jar),
                    "no packaged gateway at " + jar + " (run `mvn package` first, or pass -Dgateway.jar=PATH)");
            Requirements.require(Files.isRegularFile(script),
                    "no lab script at " + script + " (pass -Dgateway.lab.script=PATH)");
        } catch (TestAbortedException e) {
            // Failsafe reports a class aborted in @BeforeAll as "Tests run: 0", without the reason: skip each test
            // instead (the reason lands in the report) and say it on the console too.
            skipReason = e.getMessage();
            System.err.println("LabEndToEndIT skipped: " + skipReason);
            return;
        }

        labLock = LabLock.acquire(PREFIX, Duration.ofMinutes(3));
        lab = new Lab(script, PREFIX);
        lab.down();
        lab.up();

        Path workDir = buildDir.resolve("lab-e2e");
        Files.createDirectories(workDir);
        Path config = workDir.resolve("gateway.yaml");
        Files.writeString(config, lab.gatewayConfig());
        gateway = GatewayProcess.start(lab, jar, config, workDir.resolve("gateway.log"));
        // curl --fail-with-body exits 0 only for HTTP 200, which SmallRye Health sends only when every check is UP.
        awaitGateway("/q/health/ready in the node namespace reports UP", READY_WITHIN, () -> ready().ok());
        // Readiness covers DNS; the NAT table and kernel routes are applied by the same start-up, give them their
        // reconcile interval too so every test below starts from the full setup.
        awaitGateway("the gateway applies table ip cluster_gateway in the node namespace", REPAIR_WITHIN,
                () -> nftTables().contains("table ip cluster_gateway"));

        // The office router: what GET /api/v1/routes?format=linux publishes, applied as an admin would paste it.
        Command routes = page("/api/v1/routes?format=linux");
        if (!routes.ok()) {
            fail("the gateway did not publish its routes in format=linux:\n" + routes.describe() + gateway.tail());
        }
        publishedRoutes = routes.stdout();
        routerAfterApply = lab.applyRoutes(publishedRoutes);
        if (!routerAfterApply.ok()) {
            fail("lab.sh apply-routes refused what the gateway published (an office admin pasting it would fail too):\n"
                    + routerAfterApply.describe());
        }
    }

    @BeforeEach
    void skipWithoutTheLab() {
        if (skipReason != null) {
            Assumptions.abort(skipReason);
        }
    }

    @AfterAll
    static void stopGatewayAndRemoveLab() throws Exception {
        if (labLock == null) {
            return; // skipped before anything was created
        }
        try (LabLock held = labLock) {
            try {
                if (gateway != null) {
                    gateway.close();
                }
            } finally {
                // Checked while still holding the lock: afterwards the prefix may be another run's.
                Command down = lab.down();
                List<String> left = lab.leftovers();
                assertThat(down.ok()).as(() -> "lab.sh down failed:\n" + down.describe()).isTrue();
                assertThat(left).as("lab.sh down left parts of the lab on this machine").isEmpty();
            }
        }
    }

    @Test
    @Order(1)
    void nodeForwardsRoutesIntoEachClusterAndMasqueradesWithItsOwnTable() {
        String nodeTables = nftTables();
        Command forwarding = lab.in("node", QUICK, "sysctl", "-n", "net.ipv4.ip_forward");
        Command ourRoutes = lab.in("node", QUICK, "ip", "-4", "route", "show", "proto", "200");
        checkAll("the forwarding node after the gateway started", softly -> {
            softly.assertThat(forwarding.stdout().strip())
                    .as("net.ipv4.ip_forward in the node (lab starts with 0; the gateway must switch it on)")
                    .isEqualTo("1");
            for (String cluster : List.of("OLD", "NEW")) {
                String via = lab.get(cluster + "_NODE_IP");
                for (String cidr : List.of(lab.get(cluster + "_POD_CIDR"), lab.get(cluster + "_SERVICE_CIDR"))) {
                    softly.assertThat(ourRoutes.stdout())
                            .as("`ip route show proto 200` in the node: %s must go via cluster %s's node %s\n%s",
                                    cidr, cluster.toLowerCase(), via, ourRoutes.describe())
                            .containsPattern("(?m)^" + cidr.replace(".", "\\.") + " via " + via.replace(".", "\\.") + " ");
                }
            }
            softly.assertThat(nodeTables)
                    .as("`nft list tables` in the node: the gateway's table beside the bystander it must leave alone")
                    .contains("table ip cluster_gateway", "table ip bystander");
        });
    }

    @Test
    @Order(2)
    void officeRouterSendsEveryClusterAddressToTheNode() {
        String node = lab.get("NODE_IP");
        checkAll("the office router after `lab.sh apply-routes` of the published routes", softly -> {
            softly.assertThat(publishedRoutes.lines().filter(line -> line.startsWith("ip ")).toList())
                    .as("GET /api/v1/routes?format=linux:\n%s", publishedRoutes)
                    .isNotEmpty()
                    .allSatisfy(line -> assertThat(line).matches("ip route replace \\S+ via " + node.replace(".", "\\.")));
            for (String address : List.of(lab.get("OLD_WEB_IP"), lab.get("OLD_POD_IP"), lab.get("NEW_WEB_IP"),
                    lab.get("NEW_POD_IP"))) {
                Command route = lab.in("router", QUICK, "ip", "route", "get", address);
                softly.assertThat(route.stdout())
                        .as("the router's way to %s (router table:\n%s)", address, routerAfterApply.stdout())
                        .contains("via " + node + " ");
            }
        });
    }

    @Test
    @Order(3)
    void sharedDomainNamesComeFromTheClusterThatHasThem() {
        checkAll("laptop asking the gateway for names under the shared cluster.local", softly -> {
            expect(softly, dig("web.default.svc.cluster.local"), "NOERROR", List.of(lab.get("NEW_WEB_IP")),
                    "in both clusters: new (priority 10) must win over old (priority 20)");
            expect(softly, dig("only-old.default.svc.cluster.local"), "NOERROR", List.of(lab.get("OLD_ONLY_IP")),
                    "only in old: new's NXDOMAIN must move on to old");
            expect(softly, dig("only-new.default.svc.cluster.local"), "NOERROR", List.of(lab.get("NEW_ONLY_IP")),
                    "only in new");
            expect(softly, dig("whoami.default.svc.cluster.local", "TXT"), "NOERROR", List.of("\"new\""),
                    "the TXT record says which cluster answered: new, the higher priority");
            expect(softly, dig("nothing.default.svc.cluster.local"), "NXDOMAIN", List.of(),
                    "in neither cluster");
        });
    }

    @Test
    @Order(4)
    void aliasNamesReachOnlyTheirClusterAndAnswerForTheNameAsked() {
        String oldWeb = lab.get("OLD_WEB_IP");
        checkAll("laptop asking the gateway for names under a cluster's alias", softly -> {
            Dig old = dig("web.default.svc.old.cluster.local");
            expect(softly, old, "NOERROR", List.of(oldWeb), "old's web, although new (higher priority) has one too");
            softly.assertThat(old.answers()).as("owner names of %s", old.summary())
                    .extracting(Dig.Rr::owner).containsOnly("web.default.svc.old.cluster.local.");
            Dig fresh = dig("web.default.svc.new.cluster.local");
            expect(softly, fresh, "NOERROR", List.of(lab.get("NEW_WEB_IP")), "new's web");
            softly.assertThat(fresh.answers()).as("owner names of %s", fresh.summary())
                    .extracting(Dig.Rr::owner).containsOnly("web.default.svc.new.cluster.local.");
            expect(softly, dig("whoami.default.svc.old.cluster.local", "TXT"), "NOERROR", List.of("\"old\""),
                    "the TXT record says which cluster answered: old, as the alias asks");

            Dig cname = dig("www.default.svc.old.cluster.local");
            softly.assertThat(cname.answers()).as("an in-cluster CNAME under the alias: %s", cname.summary())
                    .extracting(Dig.Rr::toString)
                    .anySatisfy(rr -> assertThat(rr).matches(
                            "www\\.default\\.svc\\.old\\.cluster\\.local\\. \\d+ CNAME web\\.default\\.svc\\.old\\.cluster\\.local\\."))
                    .anySatisfy(rr -> assertThat(rr).matches(
                            "web\\.default\\.svc\\.old\\.cluster\\.local\\. \\d+ A " + oldWeb.replace(".", "\\.")));

            Dig mixedCase = dig("WwW.Default.SVC.Old.cluster.local");
            softly.assertThat(mixedCase.answers()).as("the name in the case the laptop asked it: %s", mixedCase.summary())
                    .isNotEmpty()
                    .first().extracting(Dig.Rr::owner).isEqualTo("WwW.Default.SVC.Old.cluster.local.");
            softly.assertThat(mixedCase.data("A")).as(mixedCase.summary()).containsExactly(oldWeb);

            expect(softly, dig("_http._tcp.web.default.svc.old.cluster.local", "SRV"), "NOERROR",
                    List.of("0 100 80 web.default.svc.old.cluster.local."), "the SRV target rewritten to the alias");
        });
    }

    @Test
    @Order(5)
    void reverseLookupsAskTheClusterThatOwnsTheAddress() {
        checkAll("laptop asking the gateway for PTR records", softly -> {
            // both clusters use cluster.local: each answer names its cluster's alias, so it resolves back to it
            expect(softly, dig("-x", lab.get("OLD_WEB_IP")), "NOERROR", List.of("web.default.svc.old.cluster.local."),
                    "old's ClusterIP: old answers");
            expect(softly, dig("-x", lab.get("NEW_WEB_IP")), "NOERROR", List.of("web.default.svc.new.cluster.local."),
                    "new's ClusterIP: new answers");
            expect(softly, dig("-x", lab.get("NEW_POD_IP")), "NOERROR",
                    List.of(lab.get("NEW_POD_IP").replace('.', '-') + ".default.pod.new.cluster.local."), "new's pod");
            expect(softly, dig("-x", lab.get("OLD_POD_IP")), "NOERROR",
                    List.of(lab.get("OLD_POD_IP").replace('.', '-') + ".default.pod.old.cluster.local."), "old's pod");
            expect(softly, dig("-x", EXAMPLE_COM), "NOERROR", List.of("example.com."),
                    "an address of no cluster: the upstream answers");
        });
    }

    @Test
    @Order(6)
    void externalNamesComeFromTheUpstream() {
        checkAll("laptop asking the gateway for names outside the clusters", softly -> {
            expect(softly, dig("example.com"), "NOERROR", List.of(EXAMPLE_COM), "the lab's upstream record");
            expect(softly, dig("x.example.org"), "NOERROR", List.of(EXAMPLE_ORG_WILDCARD), "the upstream's wildcard");
            expect(softly, dig("whoami.example.com", "TXT"), "NOERROR", List.of("\"upstream\""),
                    "the TXT record says the upstream answered");
            expect(softly, dig("nothing.example.net"), "NXDOMAIN", List.of(), "unknown to the upstream");
        });
    }

    @Test
    @Order(7)
    void laptopApplicationsResolveThroughTheSystemResolver() {
        Command resolvConf = lab.in("laptop", QUICK, "cat", "/etc/resolv.conf");
        assertThat(resolvConf.stdout()).as("the laptop's resolv.conf (set up by lab.sh)")
                .contains("nameserver " + lab.get("NODE_IP"));
        checkAll("`getent hosts NAME` on the laptop (glibc, as any application resolves)", softly -> {
            expectGetent(softly, "web.default.svc.cluster.local", lab.get("NEW_WEB_IP"));
            expectGetent(softly, "only-old.default.svc.cluster.local", lab.get("OLD_ONLY_IP"));
            expectGetent(softly, "only-new.default.svc.cluster.local", lab.get("NEW_ONLY_IP"));
            expectGetent(softly, "web.default.svc.old.cluster.local", lab.get("OLD_WEB_IP"));
            expectGetent(softly, "example.com", EXAMPLE_COM);
            Command unknown = lab.in("laptop", QUICK, "getent", "hosts", "nothing.default.svc.cluster.local");
            softly.assertThat(unknown.exitCode()).as("a name no cluster has is not found:\n%s", unknown.describe())
                    .isEqualTo(2);
            // an ExternalName Service: the cluster answers only the CNAME; the gateway follows it upstream
            Command external = lab.in("laptop", QUICK, "getent", "hosts", "ext.default.svc.cluster.local");
            softly.assertThat(external.stdout().strip().split("\\s+"))
                    .as("`getent hosts ext.default.svc.cluster.local` (CNAME www.example.org):\n%s", external.describe())
                    .containsExactly(EXAMPLE_ORG_WILDCARD, "www.example.org", "ext.default.svc.cluster.local");
            Command gone = lab.in("laptop", QUICK, "getent", "hosts", "gone.default.svc.cluster.local");
            softly.assertThat(gone.exitCode()).as("a CNAME to a name that does not exist:\n%s", gone.describe())
                    .isEqualTo(2);
            expect(softly, dig("ext.default.svc.cluster.local"), "NOERROR", List.of(EXAMPLE_ORG_WILDCARD),
                    "dig: the CNAME chased to its address");
            expect(softly, dig("gone.default.svc.cluster.local"), "NXDOMAIN", List.of(),
                    "dig: a CNAME to a missing name is NXDOMAIN");
        });
    }

    @Test
    @Order(8)
    void laptopConnectsToPodsAndClusterIpsOfBothClustersAsTheNode() {
        checkAll("TCP from the laptop (the pod prints the peer address it sees)", softly -> {
            for (String target : List.of(lab.get("OLD_WEB_IP") + ":80", lab.get("OLD_ONLY_IP") + ":80",
                    lab.get("OLD_POD_IP") + ":8080", lab.get("NEW_WEB_IP") + ":80", lab.get("NEW_ONLY_IP") + ":80",
                    lab.get("NEW_POD_IP") + ":8080", "web.default.svc.old.cluster.local:80",
                    "web.default.svc.new.cluster.local:80")) {
                expectPeerIsNode(softly, "laptop", target);
            }
        });
    }

    @Test
    @Order(9)
    void clustersReachEachOtherThroughTheNodeDuringAMigration() {
        checkAll("TCP from one cluster's pod to the other cluster (bridge-clusters)", softly -> {
            expectPeerIsNode(softly, "old-pod", lab.get("NEW_WEB_IP") + ":80");
            expectPeerIsNode(softly, "old-pod", lab.get("NEW_POD_IP") + ":8080");
            expectPeerIsNode(softly, "new-pod", lab.get("OLD_WEB_IP") + ":80");
        });
    }

    @Test
    @Order(10)
    void natTableDeletedByHandIsPutBackAndConnectionsWorkAgain() {
        Command delete = lab.in("node", QUICK, "nft", "delete", "table", "ip", "cluster_gateway");
        assertThat(delete.ok()).as(() -> "deleting the gateway's table by hand:\n" + delete.describe()).isTrue();

        awaitGateway("table ip cluster_gateway is back in the node (reconcile interval 2s)", REPAIR_WITHIN,
                () -> nftTables().contains("table ip cluster_gateway"));
        // What an operator sees: the status page says in sync again and names what was repaired.
        awaitGateway("the status page shows the repaired drift", REPAIR_WITHIN,
                () -> page("/").stdout().contains("table ip cluster_gateway absent"));
        Command status = page("/");
        Command metrics = page("/q/metrics");
        checkAll("after the repair", softly -> {
            softly.assertThat(nftTables()).as("the bystander's table in the node").contains("table ip bystander");
            expectPeerIsNode(softly, "laptop", lab.get("OLD_WEB_IP") + ":80");
            expectPeerIsNode(softly, "laptop", lab.get("NEW_POD_IP") + ":8080");
            softly.assertThat(status.stdout()).as("status page NAT section after the repair")
                    .contains("<span class=\"pill up\">in sync</span>", "<code>table ip cluster_gateway absent</code>");
            softly.assertThat(metrics.stdout()).as("/q/metrics counts the drift")
                    .containsPattern("(?m)^gateway_nat_drift_total(\\{[^}]*})? [1-9]");
        });
    }

    /**
     * The cluster asked first for cluster.local (new) freezes (SIGSTOP: silent, not refusing): names under the shared
     * domain must fail rather than come from old, which may hold the same name with another address; explain names
     * new. Its alias and old's keep working, and new answers again once it thaws.
     */
    @Test
    @Order(11)
    void frozenPriorityClusterDnsMakesSharedNamesServfailNotTheOtherClustersAnswer() {
        long pid = daemonPid("dns-new");
        Command stop = Command.run(QUICK, java.util.Map.of(), null, List.of("kill", "-STOP", Long.toString(pid)));
        assertThat(stop.ok()).as(() -> "SIGSTOP to new's DNS:\n" + stop.describe()).isTrue();
        try {
            checkAll("laptop asking the gateway while cluster new's DNS (asked first) is frozen", softly -> {
                expect(softly, dig("kube-dns.kube-system.svc.cluster.local"), "SERVFAIL", List.of(),
                        "in both clusters, never asked before: old's address would be the wrong cluster's");
                expect(softly, dig("only-old.default.svc.cluster.local"), "SERVFAIL", List.of(),
                        "new, asked first, cannot say that it has no such name");
                expect(softly, dig("only-old.default.svc.old.cluster.local"), "NOERROR",
                        List.of(lab.get("OLD_ONLY_IP")), "old's alias reaches only old");
                Command explain = page("/api/v1/dns/explain?name=kube-dns.kube-system.svc.cluster.local&type=A");
                softly.assertThat(explain.stdout()).as("explain while new is frozen:\n%s", explain.describe())
                        .contains("\"rcode\":\"SERVFAIL\"", "\"tried\":[\"cluster:new\"]")
                        .containsPattern("\"failure\":\"cluster:new[^\"]*" + lab.get("NEW_DNS_IP").replace(".", "\\."));
            });
        } finally {
            Command.run(QUICK, java.util.Map.of(), null, List.of("kill", "-CONT", Long.toString(pid)));
        }
        awaitGateway("new answers the shared domain again after SIGCONT", REPAIR_WITHIN,
                () -> dig("kube-dns.kube-system.svc.cluster.local").data("A").equals(List.of(lab.get("NEW_DNS_IP"))));
    }

    /** The pid of a daemon lab.sh started, checked to be a running dnsmasq (pids get reused). */
    private static long daemonPid(String name) {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(lab.runDir().resolve(name + ".pid")).strip());
        } catch (java.io.IOException e) {
            throw new AssertionError("no pid file for " + name + " in " + lab.runDir(), e);
        }
        ProcessHandle.of(pid)
                .filter(handle -> handle.info().command().map(command -> command.endsWith("dnsmasq")).orElse(false))
                .orElseThrow(() -> new AssertionError("pid " + pid + " of " + name + ".pid is not a running dnsmasq"));
        return pid;
    }

    /** Last: cluster old's DNS stays dead afterwards. */
    @Test
    @Order(12)
    void deadClusterDnsLeavesTheOtherClusterAndExternalNamesResolving() throws Exception {
        String oldWeb = lab.get("OLD_WEB_IP");
        String newWeb = lab.get("NEW_WEB_IP");
        // Cached just before the kill, so still fresh (TTL 30) when asked again below.
        for (String name : List.of("web.default.svc.old.cluster.local", "web.default.svc.new.cluster.local", "example.com")) {
            Dig warm = dig(name);
            assertThat(warm.status()).as(() -> "before the kill: " + warm.summary() + gateway.tail()).isEqualTo("NOERROR");
        }

        long pid = daemonPid("dns-old");
        ProcessHandle oldDns = ProcessHandle.of(pid).orElseThrow();
        assertThat(oldDns.destroy()).as("SIGTERM to old's DNS (pid %d)", pid).isTrue();
        Awaitility.await("old's DNS (pid " + pid + ") exits").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50)).until(() -> !oldDns.isAlive());
        Dig direct = Dig.parse("@" + lab.get("OLD_DNS_IP"), lab.in("old", QUICK, "dig", "+time=1", "+tries=1",
                "@" + lab.get("OLD_DNS_IP"), "web.default.svc.cluster.local"));
        assertThat(direct.status()).as("old's DNS asked directly in its node after the kill: %s", direct.summary())
                .isEqualTo("NO ANSWER");

        checkAll("laptop asking the gateway while cluster old's DNS is down", softly -> {
            expect(softly, dig("web.default.svc.old.cluster.local"), "NOERROR", List.of(oldWeb),
                    "cached before the kill: answered from the cache");
            expect(softly, dig("web.default.svc.new.cluster.local"), "NOERROR", List.of(newWeb), "cached, new");
            expect(softly, dig("example.com"), "NOERROR", List.of(EXAMPLE_COM), "cached, external");

            expect(softly, dig("kube-dns.kube-system.svc.new.cluster.local"), "NOERROR", List.of(lab.get("NEW_DNS_IP")),
                    "new answers under its alias");
            expect(softly, dig(lab.get("NEW_POD_IP").replace('.', '-') + ".default.pod.cluster.local"), "NOERROR",
                    List.of(lab.get("NEW_POD_IP")), "never asked before: shared domain, new (asked first) has it");
            expect(softly, dig("after-the-outage.example.org"), "NOERROR", List.of(EXAMPLE_ORG_WILDCARD),
                    "never asked before: external names still go upstream");
            expect(softly, dig("whoami.example.com", "TXT"), "NOERROR", List.of("\"upstream\""),
                    "external, asked in an earlier test");

            expect(softly, dig("kube-dns.kube-system.svc.old.cluster.local"), "SERVFAIL", List.of(),
                    "never asked before and only old could answer: a quick SERVFAIL, not NXDOMAIN (the name may"
                            + " well exist) and not a hang");
        });
    }

    // ---- helpers ----

    private static Dig dig(String... question) {
        List<String> argv = new ArrayList<>(List.of("dig", "+time=3", "+tries=1"));
        argv.addAll(List.of(question));
        return Dig.parse(String.join(" ", question), lab.in("laptop", QUICK, argv.toArray(String[]::new)));
    }

    /** What a user reads off dig: who answered, the status, and the data of the asked type. */
    private record Seen(String server, String status, List<String> data) {}

    private static void expect(SoftAssertions softly, Dig dig, String status, List<String> data, String why) {
        softly.assertThat(new Seen(dig.server(), dig.status(), dig.data(dig.askedType())))
                .as("%s (%s)\n  saw: %s", dig.question(), why, dig.summary())
                .isEqualTo(new Seen(lab.get("NODE_IP"), status, data));
    }

    private static void expectGetent(SoftAssertions softly, String name, String address) {
        Command getent = lab.in("laptop", QUICK, "getent", "hosts", name);
        softly.assertThat(getent.stdout().strip().split("\\s+"))
                .as("`getent hosts %s`:\n%s", name, getent.describe())
                .containsExactly(address, name);
    }

    private static void expectPeerIsNode(SoftAssertions softly, String role, String target) {
        Command connect = lab.in(role, QUICK, "timeout", "5", "socat", "-u", "TCP:" + target + ",connect-timeout=2", "STDOUT");
        softly.assertThat(connect.stdout().strip())
                .as("%s -> %s: the pod must see the forwarding node as the peer\n%s", role, target, connect.describe())
                .isEqualTo(lab.get("NODE_IP"));
    }

    /** GET a path of the gateway's HTTP server from inside the node namespace. */
    /**
     * Issue 13 item 2: the HTTP API is no open resolver. The office laptop uses it; the office router's transit
     * address, in no office, cluster or allow-from CIDR (DNS refuses it too), gets 403 with a JSON body, for the API
     * and for /q/metrics alike; a health probe from the node itself, on its own address rather than loopback, works.
     */
    @Test
    @Order(12)
    void httpAnswersTheOfficeAndTheNodeAndRefusesAnyoneElse() {
        String base = "http://" + lab.get("NODE_IP") + ":8080";
        checkAll("HTTP access", softly -> {
            Command laptop = httpStatus("laptop", base + "/api/v1/nat");
            softly.assertThat(laptop.stdout()).as(() -> "the office laptop:\n" + laptop.describe()).endsWith("200");
            Command router = httpStatus("router", base + "/api/v1/dns/explain?name=example.com&type=A");
            softly.assertThat(router.stdout()).as(() -> "the router's transit address:\n" + router.describe())
                    .contains("\"error\":\"forbidden: " + lab.get("ROUTER_TRANSIT_IP") + " is not")
                    .endsWith("403");
            Command metrics = httpStatus("router", base + "/q/metrics");
            softly.assertThat(metrics.stdout()).as(() -> "metrics from the router:\n" + metrics.describe()).endsWith("403");
            // liveness: readiness may rightly be DOWN here (an earlier test kills a cluster's DNS)
            Command probe = httpStatus("node", base + "/q/health/live");
            softly.assertThat(probe.stdout()).as(() -> "liveness from the node's own address:\n" + probe.describe())
                    .contains("\"status\": \"UP\"").endsWith("200");
        });
    }

    /** The body, then the status code on the last line. */
    private static Command httpStatus(String role, String url) {
        return lab.in(role, QUICK, "curl", "-sS", "--max-time", "5", "-w", "\n%{http_code}", url);
    }

    private static Command page(String path) {
        return lab.in("node", QUICK, "curl", "-sS", "--fail-with-body", "--max-time", "5",
                "http://127.0.0.1:8080" + path);
    }

    private static Command ready() {
        return lab.in("node", QUICK, "curl", "-sS", "--fail-with-body", "--max-time", "2",
                "http://127.0.0.1:8080/q/health/ready");
    }

    private static String nftTables() {
        return lab.in("node", QUICK, "nft", "list", "tables").stdout();
    }

    /** Runs checks, then fails once with every problem and the gateway's last log lines. */
    private static void checkAll(String what, Consumer<SoftAssertions> checks) {
        SoftAssertions softly = new SoftAssertions();
        checks.accept(softly);
        List<Throwable> errors = softly.errorsCollected();
        if (!errors.isEmpty()) {
            fail(what + ": " + errors.size() + " problem(s)\n\n"
                    + errors.stream().map(Throwable::getMessage).collect(Collectors.joining("\n\n")) + gateway.tail());
        }
    }

    /** Awaits a condition on the running gateway; stops early if it exited, and says why with its log. */
    private static void awaitGateway(String what, Duration within, java.util.concurrent.Callable<Boolean> condition) {
        try {
            Awaitility.await(what).atMost(within).pollInterval(Duration.ofMillis(250))
                    .failFast("the gateway process exited", () -> !gateway.isAlive())
                    .until(condition);
        } catch (RuntimeException e) {
            fail("not reached within " + within.toSeconds() + "s: " + what + " (" + e.getMessage() + ")"
                    + "\nlast readiness answer: " + ready().describe() + gateway.tail(), e);
        }
    }

    static Path buildDir() throws URISyntaxException {
        String configured = System.getProperty("project.build.directory", "");
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        // Test classes are compiled into <build dir>/test-classes, whatever -Dbuild.dir called that folder.
        return Path.of(LabEndToEndIT.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    }

    static Path labScript(Path buildDir) {
        String configured = System.getProperty("gateway.lab.script", "");
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path dir = buildDir.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/lab/lab.sh");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return buildDir.resolve("../../deploy/lab/lab.sh").normalize();
    }
}
