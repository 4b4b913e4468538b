package io.clustergateway.dns.route;

import inet.ipaddr.IPAddress;
import io.clustergateway.dns.ClusterDns;
import io.clustergateway.dns.DnsRoutes;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * Maps a query name to its {@link Route}: the longest matching alias or shared domain wins; reverse names of
 * cluster addresses go to that cluster; the rest goes upstream. Immutable; rebuilt and swapped on change.
 */
public final class RouteTable {
    private final Map<Name, Route> bySuffix;
    private final int shortestSuffix;
    private final int longestSuffix;
    private final List<ReverseBlock> reverseBlocks;

    private record ReverseBlock(IPAddress block, Route.Reverse route) {}

    private RouteTable(Map<Name, Route> bySuffix, List<ReverseBlock> reverseBlocks) {
        this.bySuffix = bySuffix;
        this.reverseBlocks = reverseBlocks;
        this.shortestSuffix = bySuffix.keySet().stream().mapToInt(Name::labels).min().orElse(Integer.MAX_VALUE);
        this.longestSuffix = bySuffix.keySet().stream().mapToInt(Name::labels).max().orElse(0);
    }

    public static RouteTable of(DnsRoutes routes) {
        Map<Name, List<ClusterDns>> byDomain = new LinkedHashMap<>();
        for (ClusterDns cluster : routes.clusters()) {
            byDomain.computeIfAbsent(cluster.domain(), d -> new ArrayList<>()).add(cluster);
        }
        Map<Name, Route> bySuffix = new HashMap<>();
        byDomain.forEach((domain, clusters) -> {
            clusters.sort(Comparator.comparingInt(ClusterDns::priority).thenComparing(ClusterDns::name));
            bySuffix.put(domain, Route.Shared.of(domain, clusters));
        });
        Map<Name, String> aliasOwners = new HashMap<>();
        for (ClusterDns cluster : routes.clusters()) {
            String owner = aliasOwners.putIfAbsent(cluster.alias(), cluster.name());
            if (owner != null) {
                throw new IllegalArgumentException("clusters " + owner + " and " + cluster.name()
                        + " have the same alias " + cluster.alias());
            }
            if (!cluster.alias().equals(cluster.domain())) {
                // an alias is more specific than any shared domain with the same name
                bySuffix.put(cluster.alias(), Route.Alias.of(cluster));
            }
        }
        List<ReverseBlock> reverseBlocks = new ArrayList<>();
        for (ClusterDns cluster : routes.clusters()) {
            Route.Reverse route = Route.Reverse.of(cluster, byDomain.get(cluster.domain()).size() > 1);
            for (String cidr : cluster.reverseCidrs()) {
                reverseBlocks.add(new ReverseBlock(parseCidr(cluster, cidr), route));
            }
        }
        // most specific block first, so nested CIDRs of different clusters resolve to the narrower one
        reverseBlocks.sort(Comparator.comparingInt((ReverseBlock b) -> b.block().getPrefixLength()).reversed());
        return new RouteTable(Map.copyOf(bySuffix), List.copyOf(reverseBlocks));
    }

    public Route route(Name qname) {
        int labels = qname.labels();
        for (int skip = Math.max(0, labels - longestSuffix); labels - skip >= shortestSuffix; skip++) {
            Route route = bySuffix.get(skip == 0 ? qname : new Name(qname, skip));
            if (route != null) {
                return route;
            }
        }
        if (!reverseBlocks.isEmpty() && ReverseName.isReverse(qname)) {
            Optional<InetAddress> address = ReverseName.decode(qname);
            if (address.isPresent()) {
                return reverseRoute(address.get());
            }
        }
        return Route.UPSTREAM;
    }

    private Route reverseRoute(InetAddress address) {
        IPAddress ip = IpAddresses.of(address);
        for (ReverseBlock candidate : reverseBlocks) {
            if (IpAddresses.contains(candidate.block(), ip)) {
                return candidate.route();
            }
        }
        return Route.UPSTREAM;
    }

    private static IPAddress parseCidr(ClusterDns cluster, String cidr) {
        return IpAddresses.block(cidr, "cluster " + cluster.name());
    }
}
