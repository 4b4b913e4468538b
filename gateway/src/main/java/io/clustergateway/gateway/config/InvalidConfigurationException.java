package io.clustergateway.gateway.config;

import io.clustergateway.routing.ModelProblem;
import java.util.List;
import java.util.stream.Collectors;

/** The configuration cannot run; the message lists every problem, one per line, each with its key and value. */
public class InvalidConfigurationException extends RuntimeException {
    private final List<ModelProblem> problems;

    public InvalidConfigurationException(List<ModelProblem> problems) {
        super(report(problems));
        this.problems = List.copyOf(problems);
    }

    public List<ModelProblem> problems() {
        return problems;
    }

    /** "invalid configuration (2 problems):\n  gateway.x=y: why\n  ...". */
    public static String report(List<ModelProblem> problems) {
        return "invalid configuration (" + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "):\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
    }

    /** The report is the whole story; a stack trace under it would only bury it. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
