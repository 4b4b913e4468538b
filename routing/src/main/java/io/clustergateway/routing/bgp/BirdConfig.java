package io.clustergateway.routing.bgp;

import io.clustergateway.routing.Cidr;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * The whole BIRD 2 configuration of the gateway's speaker, rendered from the peering and the announcements.
 * Reapplying it with {@code birdc configure} is the only way state changes: a withdrawal is a render without
 * the prefix, so the daemon never holds anything the gateway did not ask for (as {@code nft -f} replaces a table).
 *
 * <p>The announced prefixes are blackhole routes of a static protocol: BIRD here has no kernel protocol, so
 * they never reach this host's routing table; they exist only to be exported over BGP, with the session's
 * source address (the node address) as next hop.
 */
public final class BirdConfig {
    /** The static protocol holding the announcements; the BGP export filter names it. */
    static final String ANNOUNCED = "announced";
    /** BFD timers: 3 × 100 ms, a dead peer noticed in 0.3 s where the router runs BFD too. */
    private static final int BFD_INTERVAL_MS = 100;
    private static final int BFD_MULTIPLIER = 3;
    /** BIRD's defaults (5 s first connect, 120 s retry) would leave a restarted router without routes for minutes. */
    private static final int CONNECT_DELAY_S = 1;
    private static final int CONNECT_RETRY_S = 5;

    private BirdConfig() {}

    /**
     * The configuration text. Only prefixes of the local address's family are announced: an IPv4 session
     * cannot carry an IPv6 next hop without extensions routers rarely enable.
     */
    public static String render(BgpPeering peering, List<Announcement> announcements) {
        StringBuilder out = new StringBuilder();
        out.append("# BIRD 2 configuration of cluster-gateway's BGP speaker. Rendered by the gateway and\n")
                .append("# replaced on every change: edits here are lost.\n")
                .append("router id ").append(peering.routerId().getHostAddress()).append(";\n")
                .append("log stderr all;\n\n")
                .append("protocol device {\n}\n\n");
        appendAnnounced(out, peering, announcements);
        if (peering.bfd()) {
            out.append("protocol bfd {\n")
                    .append("  interface \"*\" {\n")
                    .append("    min rx interval ").append(BFD_INTERVAL_MS).append(" ms;\n")
                    .append("    min tx interval ").append(BFD_INTERVAL_MS).append(" ms;\n")
                    .append("    multiplier ").append(BFD_MULTIPLIER).append(";\n")
                    .append("  };\n}\n\n");
        }
        for (BgpNeighbor neighbor : peering.neighbors()) {
            appendNeighbor(out, peering, neighbor);
        }
        return out.toString();
    }

    /** The BGP protocol name BIRD shows for a neighbor: {@code neighbor_192_168_1_1}. */
    public static String protocolName(BgpNeighbor neighbor) {
        return "neighbor_" + neighbor.address().getHostAddress().toLowerCase(Locale.ROOT).replaceAll("[^0-9a-z]", "_");
    }

    private static void appendAnnounced(StringBuilder out, BgpPeering peering, List<Announcement> announcements) {
        String channel = channel(peering.localAddress());
        out.append("# what this gateway announces, and why\n")
                .append("protocol static ").append(ANNOUNCED).append(" {\n")
                .append("  ").append(channel).append(";\n");
        announcements.stream().sorted()
                .filter(a -> a.prefix().isIpv4() == (peering.localAddress() instanceof Inet4Address))
                .forEach(a -> out.append("  route ").append(a.prefix()).append(" blackhole;   # ")
                        .append(a.owner()).append('\n'));
        out.append("}\n\n");
    }

    private static void appendNeighbor(StringBuilder out, BgpPeering peering, BgpNeighbor neighbor) {
        out.append("protocol bgp ").append(protocolName(neighbor)).append(" {\n")
                .append("  local ").append(peering.localAddress().getHostAddress())
                .append(" as ").append(peering.localAs()).append(";\n")
                .append("  neighbor ").append(neighbor.address().getHostAddress())
                .append(" as ").append(neighbor.remoteAs()).append(";\n")
                .append("  hold time ").append(peering.holdSeconds()).append(";\n")
                .append("  keepalive time ").append(peering.keepaliveSeconds()).append(";\n")
                .append("  connect delay time ").append(CONNECT_DELAY_S).append(";\n")
                .append("  connect retry time ").append(CONNECT_RETRY_S).append(";\n")
                .append("  error wait time 1, ").append(CONNECT_RETRY_S).append(";\n");
        if (peering.bfd()) {
            out.append("  bfd on;\n");
        }
        out.append("  ").append(channel(peering.localAddress())).append(" {\n")
                .append("    import none;   # the gateway learns nothing from its neighbors\n")
                .append("    export where proto = \"").append(ANNOUNCED).append("\";\n")
                .append("  };\n}\n\n");
    }

    private static String channel(InetAddress address) {
        return address instanceof Inet4Address ? "ipv4" : "ipv6";
    }

    /** The prefixes a rendering announces: those of the local address's family. */
    public static List<Cidr> announcedPrefixes(BgpPeering peering, List<Announcement> announcements) {
        return announcements.stream().map(Announcement::prefix)
                .filter(p -> p.isIpv4() == (peering.localAddress() instanceof Inet4Address))
                .sorted().distinct().toList();
    }
}
