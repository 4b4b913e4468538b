package io.clustergateway.routing.kernel;

import static io.clustergateway.routing.kernel.KernelRoutesTest.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.command.CommandRunner;
import io.clustergateway.routing.testsupport.NetnsLab;
import io.clustergateway.testkit.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Our routes and forwarding switches in a namespace with one veth pair: the host's table is never touched. */
class KernelRoutesNetnsTest {
    private static NetnsLab lab;
    private static String ns;
    private static CommandRunner runner;

    @BeforeAll
    static void createNamespace() throws CommandException {
        Requirements.requireNetns();
        lab = new NetnsLab();
        ns = lab.namespace("routes");
        runner = lab.runner(ns);
        lab.run(ns, "ip", "link", "add", "up0", "type", "veth", "peer", "name", "up1");
        lab.run(ns, "ip", "addr", "add", "192.168.50.1/24", "dev", "up0");
        lab.run(ns, "ip", "addr", "add", "fd00:50::1/64", "dev", "up0", "nodad");
        lab.run(ns, "ip", "link", "set", "up0", "up");
        lab.run(ns, "ip", "link", "set", "up1", "up");
    }

    @AfterAll
    static void deleteNamespace() {
        if (lab != null) {
            lab.close();
        }
    }

    @BeforeEach
    void withoutRoutesOfOurs() throws CommandException {
        new KernelRoutes(runner).removeAll();
    }

    @Test
    void reconcileAddsRepointsAndDeletesOnlyOurs() throws CommandException {
        lab.run(ns, "ip", "route", "add", "10.50.0.0/16", "via", "192.168.50.99", "proto", "static");
        lab.run(ns, "ip", "route", "add", "10.51.0.0/16", "via", "192.168.50.99"); // proto boot
        KernelRoutes routes = new KernelRoutes(runner);
        try {
            routes.reconcile(List.of(route("10.200.0.0/16", "192.168.50.10"), route("10.96.0.0/12", "192.168.50.10"),
                    route("fd00:200::/64", "fd00:50::10")));
            assertThat(routes.current()).containsExactlyInAnyOrder(route("10.200.0.0/16", "192.168.50.10"),
                    route("10.96.0.0/12", "192.168.50.10"), route("fd00:200::/64", "fd00:50::10"));

            routes.reconcile(List.of(route("10.200.0.0/16", "192.168.50.20")));

            assertThat(routes.current()).containsExactly(route("10.200.0.0/16", "192.168.50.20"));
            assertThat(lab.run(ns, "ip", "route", "show"))
                    .contains("10.200.0.0/16 via 192.168.50.20 dev up0 proto 200",
                            "10.50.0.0/16 via 192.168.50.99 dev up0 proto static",
                            "10.51.0.0/16 via 192.168.50.99 dev up0")
                    .doesNotContain("10.96.0.0/12");

            routes.removeAll();

            assertThat(routes.current()).isEmpty();
            assertThat(lab.run(ns, "ip", "route", "show")).contains("10.50.0.0/16", "10.51.0.0/16");
        } finally {
            lab.run(ns, "ip", "route", "del", "10.50.0.0/16");
            lab.run(ns, "ip", "route", "del", "10.51.0.0/16");
        }
    }

    @Test
    void aDestinationRoutedByHandStaysTheOperators() throws CommandException {
        lab.run(ns, "ip", "route", "add", "10.100.0.0/16", "via", "192.168.50.99", "proto", "static");
        KernelRoutes routes = new KernelRoutes(runner);
        try {
            routes.reconcile(List.of(route("10.100.0.0/16", "192.168.50.10")));

            assertThat(routes.current()).isEmpty();
            assertThat(lab.run(ns, "ip", "route", "show", "10.100.0.0/16")).contains("via 192.168.50.99 dev up0 proto static");
        } finally {
            lab.run(ns, "ip", "route", "del", "10.100.0.0/16");
        }
    }

    @Test
    void forwardingIsSwitchedInTheNamespaceOnly() throws Exception {
        String hostBefore = Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward"));
        IpForwarding forwarding = new IpForwarding(runner);
        lab.run(ns, "sysctl", "-qw", "net.ipv4.ip_forward=0");

        forwarding.enableIpv4();
        forwarding.enableIpv6();

        assertThat(forwarding.ipv4Enabled()).isTrue();
        assertThat(forwarding.ipv6Enabled()).isTrue();
        assertThat(Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward"))).isEqualTo(hostBefore);
    }
}
