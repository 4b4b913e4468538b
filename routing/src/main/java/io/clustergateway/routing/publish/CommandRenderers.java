package io.clustergateway.routing.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The command-line formats: one line per route in the syntax of the device, after a header comment
 * (what this is, and where to paste it) where a pasted comment is harmless on that device.
 */
final class CommandRenderers {

    /** A header line: the device's comment marker, and where the lines go. */
    private record Header(String commentMarker, String where) {
        String line(List<StaticRoute> routes) {
            return commentMarker + header(routes) + where;
        }
    }

    private CommandRenderers() {
    }

    /** {@code ip route replace}: idempotent, so pasting twice does no harm. */
    static String linux(List<StaticRoute> routes) {
        return render(routes, Optional.of(new Header("# ", " (as root)")),
                route -> (route.isIpv4() ? "ip route replace " : "ip -6 route replace ")
                        + route.destination() + " via " + route.nextHopText());
    }

    /** IOS global configuration mode; {@code !} starts a comment line there. */
    static String ciscoIos(List<StaticRoute> routes) {
        return render(routes, Optional.of(new Header("! ", " (in configure terminal)")), route -> route.isIpv4()
                ? "ip route " + route.destination().address() + " " + route.destination().netmask() + " "
                        + route.nextHopText() + " name " + iosName(route)
                : "ipv6 route " + route.destination() + " " + route.nextHopText() + " name " + iosName(route));
    }

    /** Junos {@code set} commands for configuration mode, where {@code #} lines are comments. */
    static String junos(List<StaticRoute> routes) {
        return render(routes, Optional.of(new Header("# ", " (in configure mode, then commit)")),
                route -> (route.isIpv4()
                        ? "set routing-options static route "
                        : "set routing-options rib inet6.0 static route ")
                        + route.destination() + " next-hop " + route.nextHopText());
    }

    /** RouterOS terminal commands; {@code #} is a comment in RouterOS scripts and the terminal. */
    static String mikrotik(List<StaticRoute> routes) {
        return render(routes, Optional.of(new Header("# ", "")),
                route -> (route.isIpv4() ? "/ip route add" : "/ipv6 route add")
                        + " dst-address=" + route.destination() + " gateway=" + route.nextHopText()
                        + " comment=\"cluster-gateway " + quoteSafe(route.cluster()) + "\"");
    }

    /** VyOS configuration mode; its shell is bash, where {@code #} lines are comments. */
    static String vyos(List<StaticRoute> routes) {
        return render(routes, Optional.of(new Header("# ", " (in configure mode, then commit and save)")),
                route -> (route.isIpv4()
                        ? "set protocols static route "
                        : "set protocols static route6 ")
                        + route.destination() + " next-hop " + route.nextHopText());
    }

    /**
     * {@code -p} keeps the route across reboots. IPv6 takes the prefix form of {@code route ADD}.
     * {@code REM} is the comment cmd.exe accepts typed at the prompt as well as in a batch file.
     */
    static String windows(List<StaticRoute> routes) {
        return render(routes, Optional.of(new Header("REM ", " (in cmd.exe run as administrator)")),
                route -> route.isIpv4()
                        ? "route -p ADD " + route.destination().address() + " MASK " + route.destination().netmask()
                                + " " + route.nextHopText()
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

    private static String render(List<StaticRoute> routes, Optional<Header> header,
                                 Function<StaticRoute, String> line) {
        List<String> lines = new ArrayList<>();
        header.ifPresent(h -> lines.add(h.line(routes)));
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
