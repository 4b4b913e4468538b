package io.clustergateway.gateway.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged gateway (quarkus-run.jar) running as its own process inside the lab's node namespace. */
final class GatewayProcess implements AutoCloseable {
    private static final int TAIL_LINES = 40;

    private final Process process;
    private final Path log;

    private GatewayProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java -jar jar} with the same JDK as this test, configured by {@code config}, inside the node
     * namespace; stdout and stderr go to {@code log}.
     */
    static GatewayProcess start(Lab lab, Path jar, Path config, Path log) throws IOException {
        return start(lab, "node", jar, config, log);
    }

    /** As {@link #start(Lab, Path, Path, Path)}, in the namespace of another role ({@code node2} of an --ha lab). */
    static GatewayProcess start(Lab lab, String role, Path jar, Path config, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> argv = new ArrayList<>(List.of(java,
                // A short-lived test process on a busy 2-core machine: C1 only and a small heap start it faster.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-jar", jar.toString()));
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(lab.inNamespace(role, argv))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("QUARKUS_CONFIG_LOCATIONS", config.toString());
        // a CI runner's NODE_NAME (Jenkins sets one) would make the gateway watch that Kubernetes node
        builder.environment().remove("NODE_NAME");
        return new GatewayProcess(builder.start(), log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The last lines the gateway printed, for assertion messages: what an operator would look at first. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
            return "\n--- last " + last.size() + " lines of " + log
                    + (process.isAlive() ? "" : " (gateway exited with " + process.exitValue() + ")") + " ---\n"
                    + String.join("\n", last) + "\n---";
        } catch (IOException e) {
            return "\n(no gateway log at " + log + ": " + e.getMessage() + ")";
        }
    }

    /** SIGKILL, as a crash or the OOM killer would end it: no shutdown hook runs. Waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM (ip netns exec has exec'd java, so the pid is the JVM's), then SIGKILL after 10 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
