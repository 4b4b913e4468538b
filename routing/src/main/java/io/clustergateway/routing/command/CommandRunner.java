package io.clustergateway.routing.command;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the tools that own the kernel state (nft, iptables-restore, ip, sysctl). An interface so that unit
 * tests can record what would run, and so that namespace tests run the very same code inside a network
 * namespace ({@link #inNamespace}).
 */
public interface CommandRunner {

    /** Long enough for a big nft transaction, short enough that a stuck tool cannot hang the reconcile. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Runs {@code argv} feeding {@code stdin} (null or empty: nothing), whatever its exit code.
     *
     * @throws CommandException when the binary is missing, or the command outlives the timeout (it is killed)
     */
    CommandResult execute(List<String> argv, String stdin) throws CommandException;

    /**
     * Runs {@code argv} and requires exit code 0.
     *
     * @throws CommandException as {@link #execute}, and when the exit code is not 0, naming the command and its stderr
     */
    default CommandResult run(List<String> argv, String stdin) throws CommandException {
        CommandResult result = execute(argv, stdin);
        if (!result.succeeded()) {
            throw CommandException.failed(result);
        }
        return result;
    }

    /** {@link #run(List, String)} without stdin. */
    default CommandResult run(String... argv) throws CommandException {
        return run(Arrays.asList(argv), null);
    }

    /** Commands on this host, in the JVM's own network namespace. */
    static CommandRunner local() {
        return new ProcessCommandRunner(List.of(), DEFAULT_TIMEOUT);
    }

    static CommandRunner local(Duration timeout) {
        return new ProcessCommandRunner(List.of(), timeout);
    }

    /** Commands inside the named network namespace: each is prefixed with {@code ip netns exec NS}. */
    static CommandRunner inNamespace(String netns) {
        return inNamespace(netns, DEFAULT_TIMEOUT);
    }

    static CommandRunner inNamespace(String netns, Duration timeout) {
        if (netns == null || netns.isBlank() || netns.contains("/")) {
            throw new IllegalArgumentException("not a network namespace name: \"" + netns + "\"");
        }
        return new ProcessCommandRunner(List.of("ip", "netns", "exec", netns), timeout);
    }
}
