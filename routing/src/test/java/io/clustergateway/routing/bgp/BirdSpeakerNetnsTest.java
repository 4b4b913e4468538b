package io.clustergateway.routing.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.command.CommandRunner;
import io.clustergateway.routing.testsupport.NetnsLab;
import io.clustergateway.testkit.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway speakers and an office router, each a BIRD in its own network namespace. The router is configured
 * as an office would (kernel protocol with {@code merge paths}); what the test asserts is the router's kernel
 * routing table, which is what forwards the office's packets.
 */
class BirdSpeakerNetnsTest {
    private static final Duration ROUTES_SETTLE = Duration.ofSeconds(20);
    private static final Announcement OLD_PODS = new Announcement(Cidr.parse("10.200.0.0/16"), "cluster old");
    private static final Announcement DNS = new Announcement(Cidr.parse("10.53.53.53/32"), "dns");

    @TempDir
    Path dir;
    private NetnsLab lab;
    private String router;
    private final List<BirdSpeaker> speakers = new ArrayList<>();

    @BeforeEach
    void buildLab() throws Exception {
        Requirements.requireNetns("bird", "birdc", "setpriv");
        lab = new NetnsLab();
        router = lab.namespace("bgp-router");
        String gw1 = lab.namespace("bgp-gw1");
        String gw2 = lab.namespace("bgp-gw2");
        lab.link(router, "to-gw1", "10.9.1.1/24", gw1, "eth0", "10.9.1.2/24");
        lab.link(router, "to-gw2", "10.9.2.1/24", gw2, "eth0", "10.9.2.2/24");
        Path config = dir.resolve("router.conf");
        Files.writeString(config, """
                router id 10.9.1.1;
                protocol device {}
                protocol kernel { merge paths on; ipv4 { import none; export all; }; }
                protocol bfd { interface "*" { min rx interval 100 ms; min tx interval 100 ms; multiplier 3; }; }
                template bgp gateways { local as 65000; hold time 3; keepalive time 1; bfd on;
                  ipv4 { import all; export none; }; }
                protocol bgp gw1 from gateways { neighbor 10.9.1.2 as 65010; }
                protocol bgp gw2 from gateways { neighbor 10.9.2.2 as 65010; }
                """);
        lab.spawn(router, "bird", "-f", "-c", config.toString(), "-s", dir.resolve("router.ctl").toString());
        speakers.add(speaker(gw1, "gw1"));
        speakers.add(speaker(gw2, "gw2"));
    }

    @AfterEach
    void tearDown() {
        speakers.forEach(BirdSpeaker::close);
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void bothGatewaysBecomeNextHopsAndAWithdrawalLeavesTheOther() throws Exception {
        speakers.get(0).start(render("10.9.1.2", "10.9.1.1", OLD_PODS, DNS), why -> { });
        speakers.get(1).start(render("10.9.2.2", "10.9.2.1", OLD_PODS, DNS), why -> { });

        awaitRoute("10.200.0.0/16", "nexthop via 10.9.1.2", "nexthop via 10.9.2.2");
        awaitRoute("10.53.53.53", "nexthop via 10.9.1.2", "nexthop via 10.9.2.2");
        assertThat(speakers.get(0).sessions()).singleElement().satisfies(session -> {
            assertThat(session.established()).isTrue();
            assertThat(session.neighbor()).contains("10.9.1.1");
            assertThat(session.exported()).isEqualTo(2);
        });

        speakers.get(0).configure(render("10.9.1.2", "10.9.1.1", DNS));

        awaitRoute("10.200.0.0/16", "via 10.9.2.2");
        assertThat(routerRoute("10.200.0.0/16")).doesNotContain("10.9.1.2");
        awaitRoute("10.53.53.53", "nexthop via 10.9.1.2", "nexthop via 10.9.2.2");
    }

    @Test
    void aRefusedConfigurationKeepsTheRunningOne() throws Exception {
        BirdSpeaker speaker = speakers.get(0);
        speaker.start(render("10.9.1.2", "10.9.1.1", OLD_PODS), why -> { });
        awaitRoute("10.200.0.0/16", "via 10.9.1.2");

        assertThatThrownBy(() -> speaker.configure("protocol nonsense {\n"))
                .isInstanceOf(CommandException.class).hasMessageContaining("BIRD refused the configuration");

        assertThat(Files.readString(speaker.configFile())).contains("route 10.200.0.0/16 blackhole;");
        assertThat(speaker.sessions()).singleElement().satisfies(s -> assertThat(s.exported()).isEqualTo(1));
        assertThat(routerRoute("10.200.0.0/16")).contains("via 10.9.1.2");
    }

    @Test
    void aKilledSpeakerIsReportedAndTheRouterDropsItsRoutes() throws Exception {
        List<String> deaths = new CopyOnWriteArrayList<>();
        BirdSpeaker speaker = speakers.get(0);
        speakers.get(1).start(render("10.9.2.2", "10.9.2.1", OLD_PODS), why -> { });
        speaker.start(render("10.9.1.2", "10.9.1.1", OLD_PODS), deaths::add);
        awaitRoute("10.200.0.0/16", "nexthop via 10.9.1.2", "nexthop via 10.9.2.2");

        CommandRunner.local().run("kill", "-KILL", Long.toString(speaker.pid().orElseThrow()));

        await().atMost(ROUTES_SETTLE).until(() -> !deaths.isEmpty());
        assertThat(deaths.get(0)).contains("BIRD (pid ").contains("exited with status 137");
        awaitRoute("10.200.0.0/16", "via 10.9.2.2");
        assertThat(routerRoute("10.200.0.0/16")).doesNotContain("10.9.1.2");
    }

    @Test
    void aStoppedSpeakerWithdrawsWithoutWaitingForTheHoldTime() throws Exception {
        List<String> deaths = new CopyOnWriteArrayList<>();
        BirdSpeaker speaker = speakers.get(0);
        speaker.start(render("10.9.1.2", "10.9.1.1", OLD_PODS), deaths::add);
        awaitRoute("10.200.0.0/16", "via 10.9.1.2");

        speaker.stop();

        await().atMost(ROUTES_SETTLE).until(() -> routerRoute("10.200.0.0/16").isEmpty());
        assertThat(speaker.running()).isFalse();
        assertThat(deaths).as("a requested stop is not a death").isEmpty();
    }

    private BirdSpeaker speaker(String namespace, String name) {
        return new BirdSpeaker(BirdSpeaker.Binaries.onPath(), dir.resolve(name),
                List.of("ip", "netns", "exec", namespace), CommandRunner.local());
    }

    private static String render(String local, String neighbor, Announcement... announcements) {
        BgpPeering peering = new BgpPeering(65010, BirdConfigTest.ipv4(local), BirdConfigTest.ipv4(local),
                Duration.ofSeconds(3), List.of(new BgpNeighbor(BirdConfigTest.ipv4(neighbor), 65000)), true);
        return BirdConfig.render(peering, List.of(announcements));
    }

    private void awaitRoute(String prefix, String... parts) {
        await().atMost(ROUTES_SETTLE).untilAsserted(() -> assertThat(routerRoute(prefix)).contains(parts));
    }

    private String routerRoute(String prefix) throws CommandException {
        return lab.run(router, "ip", "route", "show", prefix);
    }
}
