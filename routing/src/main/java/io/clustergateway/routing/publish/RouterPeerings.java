package io.clustergateway.routing.publish;

import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.bgp.BgpNeighbor;
import io.clustergateway.routing.bgp.BgpPeering;
import java.net.Inet4Address;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The router's side of a BGP peering with this gateway, to paste into the router: accept exactly the gateway's
 * prefixes (nothing else it might send), send it nothing, and spread traffic over every gateway that announces a
 * prefix (ECMP). One block per configured neighbor, each for the router at that address.
 */
public final class RouterPeerings {
    private RouterPeerings() {}

    /**
     * @param prefixes every prefix this gateway may announce (each cluster's, and the anycast DNS /32)
     * @throws IllegalArgumentException for a format that is not a peering
     */
    public static String render(RouteFormat format, List<Cidr> prefixes, BgpPeering peering) {
        List<Cidr> sorted = prefixes.stream().sorted().distinct().toList();
        StringBuilder out = new StringBuilder();
        for (BgpNeighbor router : peering.neighbors()) {
            switch (format) {
                case BIRD -> bird(out, sorted, peering, router);
                case FRR -> frr(out, sorted, peering, router);
                default -> throw new IllegalArgumentException("format " + format.id() + " is not a BGP peering");
            }
        }
        return out.toString();
    }

    private static void bird(StringBuilder out, List<Cidr> prefixes, BgpPeering peering, BgpNeighbor router) {
        String gateway = peering.localAddress().getHostAddress();
        String name = "cluster_gateway_" + gateway.replaceAll("[^0-9a-fA-F]", "_");
        String channel = peering.localAddress() instanceof Inet4Address ? "ipv4" : "ipv6";
        out.append("# BIRD 2 on router ").append(router.address().getHostAddress()).append(" (AS ").append(router.remoteAs())
                .append("): peer with cluster-gateway ").append(gateway).append(" (AS ").append(peering.localAs()).append(").\n")
                .append("# For ECMP over several gateways, the kernel protocol needs `merge paths on;`, e.g.\n")
                .append("#   protocol kernel { merge paths on; ").append(channel).append(" { export all; }; }\n");
        if (peering.bfd()) {
            out.append("# BFD notices a dead gateway in 0.3 s; it needs `protocol bfd {}` once in the configuration.\n");
        }
        out.append("protocol bgp ").append(name).append(" {\n")
                .append("  local as ").append(router.remoteAs()).append(";\n")
                .append("  neighbor ").append(gateway).append(" as ").append(peering.localAs()).append(";\n")
                .append("  hold time ").append(peering.holdSeconds()).append(";\n")
                .append("  keepalive time ").append(peering.keepaliveSeconds()).append(";\n");
        if (peering.bfd()) {
            out.append("  bfd on;\n");
        }
        out.append("  ").append(channel).append(" {\n")
                .append("    import where net ~ [ ").append(prefixes.stream().map(Cidr::toString)
                        .collect(Collectors.joining(", "))).append(" ];\n")
                .append("    export none;\n")
                .append("  };\n}\n");
    }

    private static void frr(StringBuilder out, List<Cidr> prefixes, BgpPeering peering, BgpNeighbor router) {
        String gateway = peering.localAddress().getHostAddress();
        String family = peering.localAddress() instanceof Inet4Address ? "ipv4" : "ipv6";
        String list = "CLUSTER-GATEWAY-" + gateway.replaceAll("[^0-9a-fA-F]", "-");
        out.append("! FRR on router ").append(router.address().getHostAddress()).append(" (AS ").append(router.remoteAs())
                .append("): peer with cluster-gateway ").append(gateway).append(" (AS ").append(peering.localAs())
                .append("); paste into vtysh `configure terminal`\n");
        int seq = 5;
        for (Cidr prefix : prefixes) {
            out.append(family.equals("ipv4") ? "ip" : "ipv6").append(" prefix-list ").append(list).append(" seq ")
                    .append(seq).append(" permit ").append(prefix).append('\n');
            seq += 5;
        }
        out.append("route-map ").append(list).append("-IN permit 10\n")
                .append(" match ").append(family.equals("ipv4") ? "ip" : "ipv6").append(" address prefix-list ")
                .append(list).append('\n')
                .append("route-map ").append(list).append("-OUT deny 10\n")
                .append("router bgp ").append(router.remoteAs()).append('\n')
                .append(" neighbor ").append(gateway).append(" remote-as ").append(peering.localAs()).append('\n')
                .append(" neighbor ").append(gateway).append(" timers ").append(peering.keepaliveSeconds()).append(' ')
                .append(peering.holdSeconds()).append('\n');
        if (peering.bfd()) {
            out.append(" neighbor ").append(gateway).append(" bfd\n");
        }
        out.append(" address-family ").append(family).append(" unicast\n")
                .append("  neighbor ").append(gateway).append(" route-map ").append(list).append("-IN in\n")
                .append("  neighbor ").append(gateway).append(" route-map ").append(list).append("-OUT out\n")
                .append("  maximum-paths 16\n")
                .append(" exit-address-family\n");
    }
}
