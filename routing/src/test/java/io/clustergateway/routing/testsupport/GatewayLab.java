package io.clustergateway.routing.testsupport;

import io.clustergateway.testkit.Requirements;

import static org.awaitility.Awaitility.await;

import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.command.CommandResult;
import io.clustergateway.routing.command.CommandRunner;
import io.clustergateway.routing.kernel.KernelRoute;
import io.clustergateway.routing.kernel.KernelRoutes;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An office laptop, the gateway node and a cluster node with a pod behind it, each in a namespace of its own:
 * <pre>
 *   office 10.1.3.10/24 ── 10.1.3.1/24 node 192.168.50.1/24 ── 192.168.50.10/24 cnode 10.200.1.1/24 ── 10.200.1.10/24 pod
 * </pre>
 * The office's default route is the node; the node routes 10.200.0.0/16 via cnode (installed with
 * {@link KernelRoutes}); the pod's default route is cnode, and cnode knows no way back to the office: only source
 * NAT on the node to 192.168.50.1 lets an office connection to the pod complete, as on a real cluster node that
 * has no route to the office networks.
 * The pod runs a TCP server on {@value #ECHO_PORT} that answers with the peer address it sees.
 */
public final class GatewayLab implements AutoCloseable {
    public static final String OFFICE_CIDR = "10.1.3.0/24";
    public static final String POD_CIDR = "10.200.0.0/16";
    public static final String POD = "10.200.1.10";
    public static final String NODE_CLUSTER_ADDRESS = "192.168.50.1";
    public static final String CNODE = "192.168.50.10";
    public static final int ECHO_PORT = 8080;

    private final NetnsLab lab = new NetnsLab();
    private String office;
    private String node;
    private String pod;

    private GatewayLab() {}

    /** Builds the topology and starts the pod's server; deletes everything again if any step fails. */
    public static GatewayLab start() throws Exception {
        Requirements.requireNetns("socat", "ss");
        GatewayLab gatewayLab = new GatewayLab();
        try {
            gatewayLab.build();
            return gatewayLab;
        } catch (Exception | AssertionError e) {
            gatewayLab.close();
            throw e;
        }
    }

    private void build() throws Exception {
        office = lab.namespace("office");
        node = lab.namespace("node");
        String cnode = lab.namespace("cnode");
        pod = lab.namespace("pod");
        lab.link(office, "eth0", "10.1.3.10/24", node, "office0", "10.1.3.1/24");
        lab.link(node, "cluster0", NODE_CLUSTER_ADDRESS + "/24", cnode, "eth0", CNODE + "/24");
        lab.link(cnode, "pod0", "10.200.1.1/24", pod, "eth0", POD + "/24");
        lab.run(office, "ip", "route", "add", "default", "via", "10.1.3.1");
        lab.run(pod, "ip", "route", "add", "default", "via", "10.200.1.1");
        lab.run(node, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        lab.run(cnode, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        new KernelRoutes(lab.runner(node)).reconcile(List.of(
                new KernelRoute(Cidr.parse(POD_CIDR), InetAddress.getByName(CNODE))));
        lab.spawn(pod, "socat", "TCP-LISTEN:" + ECHO_PORT + ",fork,reuseaddr", "SYSTEM:echo $SOCAT_PEERADDR");
        await("pod server listening").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> lab.run(pod, "ss", "-Hltn", "sport = :" + ECHO_PORT).contains(":" + ECHO_PORT));
    }

    /** The gateway node, where the backends under test run. */
    public CommandRunner nodeRunner() {
        return lab.runner(node);
    }

    public String nodeNamespace() {
        return node;
    }

    /** Runs a command on the node, failing on a non-zero exit; returns stdout. */
    public String onNode(String... argv) throws CommandException {
        return lab.run(node, argv);
    }

    /**
     * Connects from the office laptop to the pod's server: the address the pod saw as peer, or empty when the
     * connection did not complete within a second.
     */
    public Optional<String> peerSeenByPod() throws CommandException {
        CommandResult result = lab.runner(office).execute(List.of("socat", "-t", "2", "-T", "3", "-",
                "TCP:" + POD + ":" + ECHO_PORT + ",connect-timeout=1"), null);
        String answer = result.stdout().strip();
        return result.succeeded() && !answer.isEmpty() ? Optional.of(answer) : Optional.empty();
    }

    @Override
    public void close() {
        lab.close();
    }
}
