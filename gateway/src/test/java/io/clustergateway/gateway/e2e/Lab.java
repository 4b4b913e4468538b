package io.clustergateway.gateway.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * deploy/lab/lab.sh under its own prefix, so a lab a user left up (prefix cgw-) is never touched. Every address
 * the test talks to lives inside the namespaces this lab creates and {@link #down()} removes.
 */
final class Lab {
    private static final Duration SCRIPT_LIMIT = Duration.ofSeconds(60);

    private final Path script;
    private final String prefix;
    private Map<String, String> env = Map.of();

    Lab(Path script, String prefix) {
        this.script = script;
        this.prefix = prefix;
    }

    Path script() {
        return script;
    }

    /** Tears down whatever a previous run left (idempotent), so {@code up} never meets a half-built lab. */
    Command down() {
        return lab("down");
    }

    /** Builds the lab ({@code lab.sh up OPTIONS}) and reads its addresses ({@code lab.sh env}); fails with lab.sh's own words. */
    void up(String... options) {
        List<String> args = new ArrayList<>(List.of("up"));
        args.addAll(List.of(options));
        Command up = lab(args.toArray(String[]::new));
        if (!up.ok()) {
            throw new IllegalStateException("lab.sh up failed:\n" + up.describe());
        }
        Command printed = lab("env");
        if (!printed.ok()) {
            throw new IllegalStateException("lab.sh env failed:\n" + printed.describe());
        }
        Map<String, String> values = new LinkedHashMap<>();
        printed.stdout().lines().filter(line -> line.contains("=")).forEach(line -> {
            int eq = line.indexOf('=');
            values.put(line.substring(0, eq), line.substring(eq + 1));
        });
        env = Map.copyOf(values);
    }

    /** A value of {@code lab.sh env}, e.g. {@code get("NODE_IP")} for LAB_NODE_IP. */
    String get(String key) {
        String value = env.get("LAB_" + key);
        if (value == null) {
            throw new IllegalStateException("lab.sh env printed no LAB_" + key + "; it printed " + env);
        }
        return value;
    }

    /** The namespace of a role: "node" -> "cge2e-node". */
    String namespace(String role) {
        return prefix + role;
    }

    Path runDir() {
        return Path.of(get("RUN_DIR"));
    }

    String gatewayConfig() {
        return gatewayConfig("node");
    }

    /** The configuration {@code lab.sh gateway-config ROLE} prints for the gateway in that node. */
    String gatewayConfig(String role) {
        Command config = lab("gateway-config", role);
        if (!config.ok()) {
            throw new IllegalStateException("lab.sh gateway-config failed:\n" + config.describe());
        }
        return config.stdout();
    }

    /** Feeds the gateway's format=linux routes to the office router; prints the router's table. */
    Command applyRoutes(String routes) {
        return Command.run(SCRIPT_LIMIT, Map.of(), routes, labCommand("apply-routes", "-"));
    }

    /** A command inside a lab namespace, as `lab.sh exec ROLE` would run it (without a shell in between). */
    Command in(String role, Duration limit, String... argv) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace(role)));
        command.addAll(List.of(argv));
        return Command.run(limit, Map.of(), null, command);
    }

    /** The argv that starts a long-running process inside a lab namespace. */
    List<String> inNamespace(String role, List<String> argv) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace(role)));
        command.addAll(argv);
        return command;
    }

    /** What of this lab is still on the machine: namespaces, /etc/netns entries, the run directory. */
    List<String> leftovers() {
        List<String> left = new ArrayList<>();
        Command namespaces = Command.run(Duration.ofSeconds(10), Map.of(), null, List.of("ip", "netns", "list"));
        namespaces.stdout().lines()
                .map(line -> line.split(" ")[0])
                .filter(name -> name.startsWith(prefix))
                .forEach(name -> left.add("network namespace " + name));
        Path etcNetns = Path.of("/etc/netns");
        if (Files.isDirectory(etcNetns)) {
            try (Stream<Path> entries = Files.list(etcNetns)) {
                entries.filter(path -> path.getFileName().toString().startsWith(prefix))
                        .forEach(path -> left.add(path.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (Files.exists(runDirPath())) {
            left.add(runDirPath().toString());
        }
        return left;
    }

    private Command lab(String... args) {
        return Command.run(SCRIPT_LIMIT, Map.of(), null, labCommand(args));
    }

    /**
     * {@code env -u LAB_RUN_DIR LAB_PREFIX=... bash lab.sh ARGS}: a LAB_RUN_DIR in the caller's environment must not
     * move the run directory away from the default that {@link #leftovers()} checks (and only with the default does
     * {@code down} also remove the shared, then empty, parent directory).
     */
    private List<String> labCommand(String... args) {
        List<String> command = new ArrayList<>(List.of("env", "-u", "LAB_RUN_DIR", "LAB_PREFIX=" + prefix,
                "bash", script.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private Path runDirPath() {
        return Path.of("/run/cluster-gateway-lab", prefix.replaceAll("-$", ""));
    }
}
