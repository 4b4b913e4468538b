package io.clustergateway.routing.testsupport;

import static org.awaitility.Awaitility.await;

import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.command.CommandResult;
import io.clustergateway.routing.command.CommandRunner;
import io.clustergateway.testkit.Requirements;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Two clusters built alike behind one gateway node, each piece in a namespace of its own:
 * <pre>
 *   laptop 10.1.3.10 ── 10.1.3.1 node 192.168.50.1 ── 192.168.50.10 old-node 10.244.1.1 ── 10.244.1.5 old-pod
 *                                node 192.168.60.1 ── 192.168.60.10 new-node 10.244.1.1 ── 10.244.1.5 new-pod
 * </pre>
 * Both pods have the same address; the node has no route to 10.244.0.0/16 in its main table, and the cluster
 * nodes none back to the office. Each pod's server on {@value #ECHO_PORT} answers with its cluster's name and
 * the peer address it sees.
 * <p>
 * {@link Layout#SHARED_SEGMENT} puts both cluster nodes on one segment behind the node instead (a bridge with
 * 192.168.50.1; old-node 192.168.50.10, new-node 192.168.50.20): the node then leaves toward both clusters with the
 * same address, so replies from the two pods can only be told apart by conntrack.
 */
public final class TwinClustersLab implements AutoCloseable {
    public static final String OFFICE_CIDR = "10.1.3.0/24";
    public static final String POD = "10.244.1.5";
    public static final String OLD_VIA = "192.168.50.10";
    public static final String NEW_VIA = "192.168.60.10";
    public static final String NEW_VIA_SHARED = "192.168.50.20";
    public static final String NODE_TOWARD_OLD = "192.168.50.1";
    public static final String NODE_TOWARD_NEW = "192.168.60.1";
    public static final int ECHO_PORT = 8080;

    /** How the node reaches the two cluster nodes. */
    public enum Layout { SEPARATE_LINKS, SHARED_SEGMENT }

    private final NetnsLab lab = new NetnsLab();
    private final Layout layout;
    private String laptop;
    private String node;

    private TwinClustersLab(Layout layout) {
        this.layout = layout;
    }

    public static TwinClustersLab start() throws Exception {
        return start(Layout.SEPARATE_LINKS);
    }

    public static TwinClustersLab start(Layout layout) throws Exception {
        Requirements.requireNetns("socat", "ss", "nft");
        TwinClustersLab twin = new TwinClustersLab(layout);
        try {
            twin.build();
            return twin;
        } catch (Exception | AssertionError e) {
            twin.close();
            throw e;
        }
    }

    private void build() throws Exception {
        laptop = lab.namespace("laptop");
        node = lab.namespace("node");
        lab.link(laptop, "eth0", "10.1.3.10/24", node, "office0", "10.1.3.1/24");
        lab.run(laptop, "ip", "route", "add", "default", "via", "10.1.3.1");
        lab.run(node, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        if (layout == Layout.SHARED_SEGMENT) {
            lab.run(node, "ip", "link", "add", "br0", "type", "bridge");
            lab.run(node, "ip", "addr", "add", NODE_TOWARD_OLD + "/24", "dev", "br0");
            lab.run(node, "ip", "link", "set", "br0", "up");
        }
        cluster("old", "old0", NODE_TOWARD_OLD, OLD_VIA);
        cluster("new", "new0", NODE_TOWARD_NEW, layout == Layout.SHARED_SEGMENT ? NEW_VIA_SHARED : NEW_VIA);
    }

    private void cluster(String name, String nodeInterface, String nodeAddress, String via) throws Exception {
        String clusterNode = lab.namespace(name + "-node");
        String pod = lab.namespace(name + "-pod");
        if (layout == Layout.SHARED_SEGMENT) {
            lab.run(node, "ip", "link", "add", nodeInterface, "type", "veth", "peer", "name", "eth0", "netns", clusterNode);
            lab.run(node, "ip", "link", "set", nodeInterface, "master", "br0", "up");
            lab.run(clusterNode, "ip", "addr", "add", via + "/24", "dev", "eth0");
            lab.run(clusterNode, "ip", "link", "set", "eth0", "up");
        } else {
            lab.link(node, nodeInterface, nodeAddress + "/24", clusterNode, "eth0", via + "/24");
        }
        lab.link(clusterNode, "pod0", "10.244.1.1/24", pod, "eth0", POD + "/24");
        lab.run(pod, "ip", "route", "add", "default", "via", "10.244.1.1");
        lab.run(clusterNode, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        lab.spawn(pod, "socat", "TCP-LISTEN:" + ECHO_PORT + ",fork,reuseaddr", "SYSTEM:echo " + name + " $SOCAT_PEERADDR");
        await(name + " pod server listening").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> lab.run(pod, "ss", "-Hltn", "sport = :" + ECHO_PORT).contains(":" + ECHO_PORT));
    }

    public CommandRunner nodeRunner() {
        return lab.runner(node);
    }

    public String onNode(String... argv) throws CommandException {
        return lab.run(node, argv);
    }

    /** What the pod behind {@code address} answered the laptop ("old 192.168.50.1"); empty when no connection. */
    public Optional<String> askFromLaptop(String address) throws CommandException {
        return ask(laptop, address, "");
    }

    /** The same from a fixed source port of the laptop, so that two connections share every real tuple part. */
    public Optional<String> askFromLaptopPort(String address, int sourcePort) throws CommandException {
        return ask(laptop, address, ",bind=10.1.3.10:" + sourcePort + ",reuseaddr");
    }

    /** The same from the gateway node itself: the gateway's own traffic. */
    public Optional<String> askFromNode(String address) throws CommandException {
        return ask(node, address, "");
    }

    private Optional<String> ask(String namespace, String address, String options) throws CommandException {
        CommandResult result = lab.runner(namespace).execute(List.of("socat", "-t", "2", "-T", "3", "-",
                "TCP:" + address + ":" + ECHO_PORT + ",connect-timeout=1" + options), null);
        String answer = result.stdout().strip();
        return result.succeeded() && !answer.isEmpty() ? Optional.of(answer) : Optional.empty();
    }

    @Override
    public void close() {
        lab.close();
    }
}
