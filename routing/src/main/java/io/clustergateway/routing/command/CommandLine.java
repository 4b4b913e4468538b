package io.clustergateway.routing.command;

import java.util.List;
import java.util.stream.Collectors;

/** Renders an argv for messages, quoting only the arguments a shell would split. */
final class CommandLine {
    private CommandLine() {}

    static String of(List<String> argv) {
        return argv.stream().map(CommandLine::quote).collect(Collectors.joining(" "));
    }

    private static String quote(String arg) {
        if (!arg.isEmpty() && arg.chars().noneMatch(c -> Character.isWhitespace(c) || "'\"\\$`;&|<>*?()".indexOf(c) >= 0)) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
