package io.clustergateway.gateway.api;

import io.clustergateway.gateway.config.Addresses;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The commands a laptop runs so that the cluster domains (and aliases) are resolved through this gateway while
 * every other name keeps using the laptop's usual resolver.
 */
public final class ClientSetup {

    public enum Os {
        MACOS, LINUX, WINDOWS;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Os> fromId(String id) {
            return Arrays.stream(values()).filter(os -> os.id().equalsIgnoreCase(id == null ? "" : id.strip())).findFirst();
        }

        public static List<String> ids() {
            return Arrays.stream(values()).map(Os::id).toList();
        }
    }

    /**
     * @param server  the address laptops send queries to
     * @param domains the cluster domains and aliases, without trailing dot, most general first
     * @param note    a warning to print first (e.g. the gateway listens on loopback only), or empty
     */
    public static String render(Os os, InetSocketAddress server, List<String> domains, String note) {
        StringBuilder out = new StringBuilder();
        if (!note.isEmpty()) {
            out.append("# NOTE: ").append(note).append("\n\n");
        }
        if (domains.isEmpty()) {
            out.append("# No clusters are configured: there is nothing to route to this gateway yet.\n");
            return out.toString();
        }
        switch (os) {
            case MACOS -> macos(out, server, domains);
            case LINUX -> linux(out, server, domains);
            case WINDOWS -> windows(out, server, domains);
        }
        return out.toString();
    }

    private static void macos(StringBuilder out, InetSocketAddress server, List<String> domains) {
        out.append("# macOS: one file per cluster domain in /etc/resolver; takes effect at once (check: scutil --dns)\n");
        out.append("sudo mkdir -p /etc/resolver\n");
        for (String domain : domains) {
            out.append("sudo tee /etc/resolver/").append(domain).append(" >/dev/null <<'EOF'\n")
                    .append("nameserver ").append(ip(server)).append('\n');
            if (server.getPort() != 53) {
                out.append("port ").append(server.getPort()).append('\n');
            }
            out.append("EOF\n");
        }
        out.append("# undo: sudo rm ")
                .append(domains.stream().map(d -> "/etc/resolver/" + d).collect(Collectors.joining(" "))).append('\n');
    }

    private static void linux(StringBuilder out, InetSocketAddress server, List<String> domains) {
        String dnsServer = server.getPort() == 53 ? ip(server) : Addresses.format(server);
        String routing = domains.stream().map(d -> "~" + d).collect(Collectors.joining(" "));
        out.append("# Linux with systemd-resolved: the cluster domains go to the gateway, every other name as before.\n");
        if (server.getPort() != 53) {
            out.append("# The gateway listens on port ").append(server.getPort())
                    .append(": the IP:PORT form below needs systemd-resolved v246 or later (resolvectl --version).\n");
        }
        out.append("\n# Now, on the link that reaches the gateway (until it reconnects):\n");
        out.append("LINK=$(ip -o route get ").append(ip(server)).append(" | sed -n 's/.* dev \\([^ ]*\\).*/\\1/p')\n");
        out.append("sudo resolvectl dns \"$LINK\" ").append(dnsServer).append('\n');
        out.append("sudo resolvectl domain \"$LINK\" ").append(routing).append('\n');
        out.append("\n# Or persistently, with a drop-in:\n");
        out.append("sudo mkdir -p /etc/systemd/resolved.conf.d\n");
        out.append("sudo tee /etc/systemd/resolved.conf.d/cluster-gateway.conf >/dev/null <<'EOF'\n")
                .append("[Resolve]\n")
                .append("DNS=").append(dnsServer).append('\n')
                .append("Domains=").append(routing).append('\n')
                .append("EOF\n");
        out.append("sudo systemctl restart systemd-resolved\n");
        out.append("# check: resolvectl query ").append(exampleName(domains)).append('\n');
    }

    private static void windows(StringBuilder out, InetSocketAddress server, List<String> domains) {
        out.append("# Windows (PowerShell as Administrator): Name Resolution Policy Table rules for the cluster domains\n");
        if (server.getPort() != 53) {
            out.append("# WARNING: NRPT always asks port 53, but this gateway listens on port ").append(server.getPort())
                    .append(".\n# These rules will not work until the gateway listens on port 53 (gateway.dns.listen).\n");
        }
        for (String domain : domains) {
            out.append("Add-DnsClientNrptRule -Namespace \".").append(domain).append("\" -NameServers \"")
                    .append(ip(server)).append("\" -Comment \"cluster-gateway\"\n");
        }
        out.append("# check: Get-DnsClientNrptRule; Resolve-DnsName ").append(exampleName(domains)).append('\n');
        out.append("# undo: Get-DnsClientNrptRule | Where-Object Comment -eq \"cluster-gateway\" | Remove-DnsClientNrptRule -Force\n");
    }

    private static String exampleName(List<String> domains) {
        return "kubernetes.default.svc." + domains.get(0);
    }

    private static String ip(InetSocketAddress server) {
        return server.getAddress().getHostAddress();
    }
}
