package io.clustergateway.routing.command;

import java.util.List;
import java.util.Objects;

/**
 * How one command ended.
 *
 * @param argv     the full command line as run, including an {@code ip netns exec NS} prefix
 * @param exitCode the process's exit status
 */
public record CommandResult(List<String> argv, int exitCode, String stdout, String stderr) {

    public CommandResult {
        argv = List.copyOf(argv);
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The command line as a shell user would type it: {@code nft -f -}. */
    public String commandLine() {
        return CommandLine.of(argv);
    }
}
