package io.clustergateway.routing.testsupport;

import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.command.CommandResult;
import io.clustergateway.routing.command.CommandRunner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records what would run and answers from a script, so backends are unit-tested without root or tools.
 * Unscripted commands succeed with empty output.
 */
public final class FakeCommandRunner implements CommandRunner {

    /** One command as the backend asked for it. */
    public record Invocation(List<String> argv, String stdin) {
        public String commandLine() {
            return String.join(" ", argv);
        }
    }

    private final List<Invocation> invocations = new ArrayList<>();
    private final Map<String, List<CommandResult>> answers = new LinkedHashMap<>();

    /** Answers the command line (argv joined by spaces) with this stdout and exit code 0. */
    public FakeCommandRunner answer(String commandLine, String stdout) {
        return answer(commandLine, 0, stdout, "");
    }

    /** Answers the command line with this outcome from now on (replacing an earlier answer). */
    public FakeCommandRunner answer(String commandLine, int exitCode, String stdout, String stderr) {
        answers.put(commandLine, new ArrayList<>());
        return thenAnswer(commandLine, exitCode, stdout, stderr);
    }

    /** Adds an outcome for the command line: outcomes are used in turn, the last one sticks. */
    public FakeCommandRunner thenAnswer(String commandLine, int exitCode, String stdout, String stderr) {
        answers.computeIfAbsent(commandLine, key -> new ArrayList<>())
                .add(new CommandResult(List.of(commandLine.split(" ")), exitCode, stdout, stderr));
        return this;
    }

    @Override
    public CommandResult execute(List<String> argv, String stdin) throws CommandException {
        invocations.add(new Invocation(List.copyOf(argv), stdin));
        String line = String.join(" ", argv);
        List<CommandResult> scripted = answers.get(line);
        if (scripted == null) {
            return new CommandResult(argv, 0, "", "");
        }
        CommandResult next = scripted.size() > 1 ? scripted.remove(0) : scripted.get(0);
        return new CommandResult(argv, next.exitCode(), next.stdout(), next.stderr());
    }

    public List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    public List<String> commandLines() {
        return invocations.stream().map(Invocation::commandLine).toList();
    }

    /** The stdin of the only invocation of this command line. */
    public String stdinOf(String commandLine) {
        List<Invocation> matching = invocations.stream().filter(i -> i.commandLine().equals(commandLine)).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one `" + commandLine + "`, got " + matching.size() + " in " + commandLines());
        }
        return matching.get(0).stdin();
    }

    public void clear() {
        invocations.clear();
    }
}
