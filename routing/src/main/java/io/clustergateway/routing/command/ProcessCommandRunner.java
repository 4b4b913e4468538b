package io.clustergateway.routing.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link CommandRunner} on {@link ProcessBuilder}, optionally behind a prefix such as {@code ip netns exec NS}. */
final class ProcessCommandRunner implements CommandRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessCommandRunner.class);

    /** What {@code ip netns exec} prints when the program it should exec does not exist. */
    private static final Pattern NETNS_EXEC_MISSING = Pattern.compile("exec of \"([^\"]+)\" failed: No such file or directory");

    private final List<String> prefix;
    private final Duration timeout;

    ProcessCommandRunner(List<String> prefix, Duration timeout) {
        this.prefix = List.copyOf(prefix);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public CommandResult execute(List<String> argv, String stdin) throws CommandException {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        List<String> full = new ArrayList<>(prefix);
        full.addAll(argv);
        LOG.debug("running `{}`", CommandLine.of(full));
        Process process;
        try {
            process = new ProcessBuilder(full).start();
        } catch (IOException e) {
            throw CommandException.notFound(full.get(0), e);
        }
        // Both pipes are drained while the process runs: a tool filling one pipe must not block forever.
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        // stdin is written on its own thread too: a command that never reads it must still meet the timeout
        background(() -> feed(process.getOutputStream(), stdin), "command-input");
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw CommandException.timedOut(full, timeout);
            }
            CommandResult result = new CommandResult(full, process.exitValue(), stdout.get(), stderr.get());
            LOG.trace("`{}` exited {}; stdout: {}; stderr: {}", result.commandLine(), result.exitCode(), result.stdout(), result.stderr());
            checkNamespacedBinaryFound(argv, result);
            return result;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandException("`" + CommandLine.of(full) + "` interrupted", e);
        } catch (ExecutionException e) {
            throw new CommandException("`" + CommandLine.of(full) + "`: could not read its output", e.getCause());
        }
    }

    /** Behind {@code ip netns exec} a missing binary is an exit code, not an IOException: report it alike. */
    private void checkNamespacedBinaryFound(List<String> argv, CommandResult result) throws CommandException {
        if (prefix.isEmpty() || result.succeeded()) {
            return;
        }
        Matcher missing = NETNS_EXEC_MISSING.matcher(result.stderr());
        if (missing.find() && missing.group(1).equals(argv.get(0))) {
            throw CommandException.notFound(argv.get(0), null);
        }
    }

    private static void feed(OutputStream in, String stdin) {
        try (in) {
            if (stdin != null && !stdin.isEmpty()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the command exited without reading its input; its exit code and stderr tell why
            LOG.debug("command did not take its input: {}", e.getMessage());
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        background(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException | UncheckedIOException e) {
                text.completeExceptionally(e);
            }
        }, "command-output");
        return text;
    }

    private static void background(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public String toString() {
        return prefix.isEmpty() ? "local" : String.join(" ", prefix);
    }
}
