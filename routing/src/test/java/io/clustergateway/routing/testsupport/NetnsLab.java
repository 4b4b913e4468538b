package io.clustergateway.routing.testsupport;

import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.command.CommandRunner;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Network namespaces a test creates and is sure to delete: in {@link #close()} (call it from @AfterAll/@AfterEach)
 * and, should the JVM end first, from a shutdown hook. Every address lives inside these namespaces; the host's
 * own interfaces, routes and netfilter are never touched.
 */
public final class NetnsLab implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetnsLab.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String suffix = randomSuffix();
    private final CommandRunner host = CommandRunner.local();
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::close, "netns-lab-cleanup");

    public NetnsLab() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** {@code cg-ROLE-xxxxx}: short, recognisable, unique per run. */
    public static String uniqueName(String role) {
        return "cg-" + role + "-" + randomSuffix();
    }

    private static String randomSuffix() {
        return Integer.toString(RANDOM.nextInt(36 * 36 * 36 * 36 * 36), 36).toLowerCase(Locale.ROOT);
    }

    /** Creates namespace {@code cg-ROLE-SUFFIX} with loopback up; returns its name. */
    public synchronized String namespace(String role) throws CommandException {
        String name = "cg-" + role + "-" + suffix;
        host.run("ip", "netns", "add", name);
        namespaces.add(name);
        run(name, "ip", "link", "set", "lo", "up");
        return name;
    }

    public CommandRunner runner(String namespace) {
        return CommandRunner.inNamespace(namespace);
    }

    /** Runs a command inside a namespace, failing on a non-zero exit. */
    public String run(String namespace, String... argv) throws CommandException {
        return runner(namespace).run(argv).stdout();
    }

    /**
     * A veth pair {@code ifA} in {@code a} and {@code ifB} in {@code b}, both up, with the given
     * addresses ("10.1.3.1/24"). Created directly inside the namespaces: no interface ever exists on the host.
     */
    public void link(String a, String ifA, String addressA, String b, String ifB, String addressB) throws CommandException {
        run(a, "ip", "link", "add", ifA, "type", "veth", "peer", "name", ifB, "netns", b);
        run(a, "ip", "addr", "add", addressA, "dev", ifA);
        run(b, "ip", "addr", "add", addressB, "dev", ifB);
        run(a, "ip", "link", "set", ifA, "up");
        run(b, "ip", "link", "set", ifB, "up");
    }

    /** Starts a long-running process inside a namespace; it is killed in {@link #close()}. */
    public synchronized Process spawn(String namespace, String... argv) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(argv));
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        processes.add(process);
        return process;
    }

    /** Kills what was spawned, then deletes every namespace (and with it their veths), best effort each. */
    @Override
    public synchronized void close() {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        processes.clear();
        for (String name : namespaces) {
            try {
                host.run("ip", "netns", "del", name);
            } catch (CommandException e) {
                LOG.warn("could not delete namespace {}: {}", name, e.getMessage());
            }
        }
        namespaces.clear();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: this very call may be the hook
        }
    }
}
