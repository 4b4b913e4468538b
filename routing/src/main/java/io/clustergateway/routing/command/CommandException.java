package io.clustergateway.routing.command;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A command that could not run, timed out, or exited non-zero. The message names the command line and
 * what it printed on stderr, because that is what an operator needs to see in the reconcile log:
 * {@code `nft -f -` failed (exit 1): Error: Could not process rule: No such file or directory}.
 */
public class CommandException extends Exception {

    /** Which package brings a binary, for the "not found" hint. */
    private static final Map<String, String> PACKAGES = Map.ofEntries(
            Map.entry("nft", "nftables"),
            Map.entry("iptables", "iptables"), Map.entry("iptables-save", "iptables"),
            Map.entry("iptables-restore", "iptables"), Map.entry("ip6tables", "iptables"),
            Map.entry("ip6tables-save", "iptables"), Map.entry("ip6tables-restore", "iptables"),
            Map.entry("ip", "iproute2"), Map.entry("sysctl", "procps"), Map.entry("socat", "socat"));

    private final transient Optional<CommandResult> result;

    public CommandException(String message) {
        this(message, null, null);
    }

    public CommandException(String message, Throwable cause) {
        this(message, null, cause);
    }

    private CommandException(String message, CommandResult result, Throwable cause) {
        super(message, cause);
        this.result = Optional.ofNullable(result);
    }

    /** A command that ran and exited non-zero. */
    public static CommandException failed(CommandResult result) {
        String stderr = result.stderr().strip();
        String detail = stderr.isEmpty() ? result.stdout().strip() : stderr;
        String message = "`" + result.commandLine() + "` failed (exit " + result.exitCode() + ")"
                + (detail.isEmpty() ? "" : ": " + detail);
        return new CommandException(message, result, null);
    }

    /** The binary is not installed (or not on PATH). */
    public static CommandException notFound(String binary, Throwable cause) {
        String name = binary.substring(binary.lastIndexOf('/') + 1);
        return new CommandException(name + " not found: install " + PACKAGES.getOrDefault(name, name), null, cause);
    }

    public static CommandException timedOut(List<String> argv, java.time.Duration timeout) {
        return new CommandException("`" + CommandLine.of(argv) + "` timed out after " + timeout.toMillis() + " ms");
    }

    /** The finished command, when there was one (absent for "not found" and timeouts). */
    public Optional<CommandResult> result() {
        return result;
    }
}
