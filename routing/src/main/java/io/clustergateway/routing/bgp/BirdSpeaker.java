package io.clustergateway.routing.bgp;

import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.command.CommandResult;
import io.clustergateway.routing.command.CommandRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BIRD 2 as a child process: {@code bird -f -c CONF -s SOCKET -P PIDFILE} with every file in a state directory of
 * this speaker's own (two gateways on one host, in different network namespaces, never share a socket),
 * reconfigured with {@code birdc -s SOCKET configure}, read with {@code birdc -s SOCKET show protocols all}.
 *
 * <p>The daemon is started under {@code setpriv --pdeathsig KILL}: when the gateway dies, even by SIGKILL, the
 * kernel kills BIRD, its sessions drop and the routers withdraw this gateway's routes at once. An orphaned BIRD
 * would keep announcing prefixes nobody forwards. Because the death signal follows the thread that forked
 * the child, the child is started from this speaker's own long-lived thread.
 *
 * <p>A new configuration is first checked with {@code bird -p}: a bad one is refused and the running one kept.
 */
public final class BirdSpeaker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BirdSpeaker.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int KEPT_OUTPUT_LINES = 20;

    private final Binaries binaries;
    private final Path stateDir;
    private final List<String> launchPrefix;
    private final CommandRunner tools;
    /** The one thread that forks BIRD and outlives it, so that the parent-death signal means "the gateway died". */
    private final ExecutorService launcher = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "bird-launcher");
        thread.setDaemon(true);
        return thread;
    });
    private final Deque<String> lastOutput = new ArrayDeque<>();
    private Process process;
    private volatile boolean stopping;

    /** Where the two programs are: names looked up on PATH, or absolute paths. */
    public record Binaries(String bird, String birdc) {
        public Binaries {
            Objects.requireNonNull(bird, "bird");
            Objects.requireNonNull(birdc, "birdc");
        }

        public static Binaries onPath() {
            return new Binaries("bird", "birdc");
        }
    }

    /**
     * @param launchPrefix put before the daemon's command line, e.g. {@code ip netns exec NS} in tests; empty in
     *                     production, where the gateway itself already runs in the right namespace
     * @param tools        runs {@code bird -p} and {@code birdc} (the control socket is a file: any namespace works)
     */
    public BirdSpeaker(Binaries binaries, Path stateDir, List<String> launchPrefix, CommandRunner tools) {
        this.binaries = Objects.requireNonNull(binaries, "binaries");
        this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
        this.launchPrefix = List.copyOf(launchPrefix);
        this.tools = Objects.requireNonNull(tools, "tools");
    }

    public Path configFile() {
        return stateDir.resolve("bird.conf");
    }

    public Path controlSocket() {
        return stateDir.resolve("bird.ctl");
    }

    private Path pidFile() {
        return stateDir.resolve("bird.pid");
    }

    /**
     * Checks and writes the configuration, starts the daemon and waits until its control socket answers.
     *
     * @param onDeath called once with a description when the daemon exits without {@link #stop()} asking it to
     * @throws CommandException when the configuration is refused, the binary is missing, or BIRD does not come up
     */
    public synchronized void start(String config, Consumer<String> onDeath) throws CommandException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("BIRD already runs with pid " + process.pid());
        }
        stopping = false;
        createStateDir();
        Path candidate = writeCandidate(config);
        check(candidate);
        move(candidate, configFile());
        List<String> argv = new ArrayList<>(launchPrefix);
        argv.addAll(List.of("setpriv", "--pdeathsig", "KILL", "--", binaries.bird(), "-f",
                "-c", configFile().toString(), "-s", controlSocket().toString(), "-P", pidFile().toString()));
        process = launch(argv);
        Process started = process;
        readOutput(started);
        started.onExit().thenAccept(exited -> {
            if (!stopping) {
                String why = "BIRD (pid " + exited.pid() + ") exited with status " + exited.exitValue() + lastOutputText();
                LOG.error(why);
                onDeath.accept(why);
            }
        });
        awaitControlSocket(started);
        LOG.info("BIRD started (pid {}), control socket {}", started.pid(), controlSocket());
    }

    /** Replaces the configuration of the running daemon; a refused one leaves the previous in place. */
    public synchronized void configure(String config) throws CommandException {
        requireRunning();
        Path candidate = writeCandidate(config);
        check(candidate);
        move(candidate, configFile());
        CommandResult result = birdc("configure");
        if (!result.stdout().contains("Reconfigur")) {
            throw new CommandException("`birdc configure` did not reconfigure BIRD: " + result.stdout().strip());
        }
        LOG.debug("BIRD reconfigured: {}", result.stdout().strip());
    }

    /** Every BGP session as BIRD reports it now. */
    public List<BgpSessionStatus> sessions() throws CommandException {
        requireRunning();
        return BirdStatus.parse(birdc("show", "protocols", "all").stdout());
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    public synchronized Optional<Long> pid() {
        return running() ? Optional.of(process.pid()) : Optional.empty();
    }

    /**
     * SIGTERM: BIRD closes its sessions with a Cease notification, so routers withdraw at once rather than
     * after the hold time; SIGKILL if it lingers.
     */
    public synchronized void stop() {
        stopping = true;
        if (process == null) {
            return;
        }
        Process running = process;
        process = null;
        running.destroy();
        try {
            if (!running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("BIRD (pid {}) did not stop within {} s; killing it", running.pid(), STOP_TIMEOUT.toSeconds());
                running.destroyForcibly();
            }
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        LOG.info("BIRD stopped");
    }

    @Override
    public void close() {
        stop();
        launcher.shutdownNow();
    }

    private CommandResult birdc(String... command) throws CommandException {
        List<String> argv = new ArrayList<>(List.of(binaries.birdc(), "-s", controlSocket().toString()));
        argv.addAll(List.of(command));
        return tools.run(argv, null);
    }

    private void check(Path candidate) throws CommandException {
        CommandResult result = tools.execute(List.of(binaries.bird(), "-p", "-c", candidate.toString()), null);
        if (!result.succeeded()) {
            throw new CommandException("BIRD refused the configuration " + candidate + ": "
                    + (result.stderr().strip() + " " + result.stdout().strip()).strip());
        }
    }

    private Process launch(List<String> argv) throws CommandException {
        LOG.debug("starting `{}`", String.join(" ", argv));
        try {
            return launcher.submit(() -> new ProcessBuilder(argv).redirectErrorStream(true).start()).get();
        } catch (ExecutionException e) {
            throw CommandException.notFound(binaries.bird(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException("interrupted while starting BIRD", e);
        }
    }

    /** BIRD logs to stderr (merged into stdout): each line to our log, the last few kept for a death report. */
    private void readOutput(Process started) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    LOG.debug("bird: {}", line);
                    synchronized (lastOutput) {
                        lastOutput.addLast(line);
                        if (lastOutput.size() > KEPT_OUTPUT_LINES) {
                            lastOutput.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                LOG.debug("BIRD output closed: {}", e.getMessage());
            }
        }, "bird-output");
        reader.setDaemon(true);
        reader.start();
    }

    private String lastOutputText() {
        synchronized (lastOutput) {
            return lastOutput.isEmpty() ? "" : "; last output: " + String.join(" | ", lastOutput);
        }
    }

    private void awaitControlSocket(Process started) throws CommandException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        CommandException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!started.isAlive()) {
                throw new CommandException("BIRD exited with status " + started.exitValue() + " at start" + lastOutputText());
            }
            try {
                birdc("show", "status");
                return;
            } catch (CommandException e) {
                last = e;
            }
            try {
                // the socket appears within milliseconds of the exec; this is a poll, not a timing assumption
                started.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
        throw new CommandException("BIRD did not answer on " + controlSocket() + " within " + START_TIMEOUT.toSeconds()
                + " s" + (last == null ? "" : ": " + last.getMessage()) + lastOutputText());
    }

    private void requireRunning() throws CommandException {
        if (!running()) {
            throw new CommandException("BIRD is not running");
        }
    }

    private void createStateDir() throws CommandException {
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new CommandException("cannot create the BGP state directory " + stateDir + ": " + e.getMessage(), e);
        }
    }

    private Path writeCandidate(String config) throws CommandException {
        Path candidate = stateDir.resolve("bird.conf.next");
        try {
            Files.writeString(candidate, config, StandardCharsets.UTF_8);
            return candidate;
        } catch (IOException | UncheckedIOException e) {
            throw new CommandException("cannot write " + candidate + ": " + e.getMessage(), e);
        }
    }

    private static void move(Path from, Path to) throws CommandException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CommandException("cannot replace " + to + ": " + e.getMessage(), e);
        }
    }
}
