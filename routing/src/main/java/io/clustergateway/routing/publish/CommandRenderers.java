package io.clustergateway.routing.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The command-line formats: one line per route in the syntax of the device, after a header comment
 * where pasting a comment into that device's prompt is harmless.
 */
final class CommandRenderers {

    private CommandRenderers() {
    }

    /** {@code ip route replace}: idempotent, so pasting twice does no harm. */
    static String linux(List<StaticRoute> routes) {
        return render(routes, Optional.of("# "), route -> (route.isIpv4() ? "ip route replace " : "ip -6 route replace ")
                + route.destination() + " via " + route.nextHopText());
    }

    /** IOS global configuration mode; {@code !} starts a comment line there. */
    static String ciscoIos(List<StaticRoute> routes) {
        return render(routes, Optional.of("! "), route -> route.isIpv4()
                ? "ip route " + route.destination().address() + " " + route.destination().netmask() + " "
                        + route.nextHopText() + " name " + iosName(route)
                : "ipv6 route " + route.destination() + " " + route.nextHopText() + " name " + iosName(route));
    }

    /** Junos {@code set} commands for configuration mode ({@code #} comments are accepted there). */
    static String junos(List<StaticRoute> routes) {
        return render(routes, Optional.of("# "), route -> (route.isIpv4()
                ? "set routing-options static route "
                : "set routing-options rib inet6.0 static route ")
                + route.destination() + " next-hop " + route.nextHopText());
    }

    /** RouterOS terminal commands; {@code #} is a comment in RouterOS scripts and the terminal. */
    static String mikrotik(List<StaticRoute> routes) {
        return render(routes, Optional.of("# "), route -> (route.isIpv4() ? "/ip route add" : "/ipv6 route add")
                + " dst-address=" + route.destination() + " gateway=" + route.nextHopText()
                + " comment=\"cluster-gateway " + quoteSafe(route.cluster()) + "\"");
    }

    /** VyOS configuration mode ({@code configure}; then {@code commit}, {@code save}). */
    static String vyos(List<StaticRoute> routes) {
        return render(routes, Optional.of("# "), route -> (route.isIpv4()
                ? "set protocols static route "
                : "set protocols static route6 ")
                + route.destination() + " next-hop " + route.nextHopText());
    }

    /**
     * An elevated cmd.exe prompt; {@code -p} keeps the route across reboots. IPv6 takes the prefix form
     * of {@code route ADD}. {@code REM} is the comment that cmd.exe accepts typed as well as in a batch file.
     */
    static String windows(List<StaticRoute> routes) {
        return render(routes, Optional.of("REM "), route -> route.isIpv4()
                ? "route -p ADD " + route.destination().address() + " MASK " + route.destination().netmask() + " "
                        + route.nextHopText()
                : "route -p ADD " + route.destination() + " " + route.nextHopText());
    }

    /**
     * Terminal commands. No header: macOS's default shell, zsh, does not treat {@code #} as a comment at an
     * interactive prompt, so a pasted comment line would fail with "command not found".
     */
    static String macos(List<StaticRoute> routes) {
        return render(routes, Optional.empty(), route -> (route.isIpv4()
                ? "sudo route -n add -net "
                : "sudo route -n add -inet6 ")
                + route.destination() + " " + route.nextHopText());
    }

    private static String render(List<StaticRoute> routes, Optional<String> comment, Function<StaticRoute, String> line) {
        List<String> lines = new ArrayList<>();
        comment.ifPresent(prefix -> lines.add(prefix + header(routes)));
        routes.forEach(route -> lines.add(line.apply(route)));
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    /** {@code cluster-gateway routes via 192.168.1.109}. */
    static String header(List<StaticRoute> routes) {
        if (routes.isEmpty()) {
            return "cluster-gateway routes: none";
        }
        List<String> nextHops = routes.stream().map(StaticRoute::nextHopText).distinct().toList();
        return "cluster-gateway routes via " + String.join(", ", nextHops);
    }

    /** IOS route names are one word: {@code cluster-old}. */
    static String iosName(StaticRoute route) {
        return "cluster-" + route.cluster().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String quoteSafe(String text) {
        return text.replaceAll("[^A-Za-z0-9._+-]", "_");
    }
}
