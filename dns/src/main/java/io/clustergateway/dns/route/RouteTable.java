package io.clustergateway.dns.route;

import inet.ipaddr.IPAddress;
import io.clustergateway.dns.ClusterDns;
import io.clustergateway.dns.DnsRoutes;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
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
    private final WireSuffixes wireSuffixes;
    private static final byte[] IN_ADDR_ARPA = Name.fromConstantString("in-addr.arpa.").toWireCanonical();
    private static final byte[] IP6_ARPA = Name.fromConstantString("ip6.arpa.").toWireCanonical();

    private record ReverseBlock(IPAddress block, Route.Reverse route) {}

    private RouteTable(Map<Name, Route> bySuffix, List<ReverseBlock> reverseBlocks) {
        this.bySuffix = bySuffix;
        this.reverseBlocks = reverseBlocks;
        this.shortestSuffix = bySuffix.keySet().stream().mapToInt(Name::labels).min().orElse(Integer.MAX_VALUE);
        this.longestSuffix = bySuffix.keySet().stream().mapToInt(Name::labels).max().orElse(0);
        this.wireSuffixes = WireSuffixes.of(bySuffix);
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

    /**
     * {@link #route(Name)} for a name given as canonical wire bytes (lower case, uncompressed, as checked by the
     * caller), without building a Name: the cache shortcut's lookup. Null for a reverse name while reverse routes
     * exist; the caller then asks {@link #route(Name)}, which decodes the address.
     */
    public Route routeCanonicalWire(byte[] lowerWire) {
        int labels = 0;
        for (int at = 0; at < lowerWire.length; at += 1 + lowerWire[at]) {
            labels++; // counts the root label too, as Name.labels() does
        }
        int skip = Math.max(0, labels - longestSuffix);
        int at = 0;
        for (int i = 0; i < skip; i++) {
            at += 1 + lowerWire[at];
        }
        for (; labels - skip >= shortestSuffix; skip++) {
            Route route = wireSuffixes.get(lowerWire, at);
            if (route != null) {
                return route;
            }
            at += 1 + lowerWire[at];
        }
        if (!reverseBlocks.isEmpty() && (endsWith(lowerWire, IN_ADDR_ARPA) || endsWith(lowerWire, IP6_ARPA))) {
            return null;
        }
        return Route.UPSTREAM;
    }

    private static boolean endsWith(byte[] wire, byte[] suffix) {
        int from = wire.length - suffix.length;
        return from >= 0 && Arrays.equals(wire, from, wire.length, suffix, 0, suffix.length);
    }

    /**
     * The suffix map again, keyed by canonical wire bytes in a small open-addressed table, so a lookup hashes and
     * compares a range of the query's bytes in place.
     */
    private static final class WireSuffixes {
        private final byte[][] keys;
        private final Route[] routes;
        private final int mask;

        private WireSuffixes(byte[][] keys, Route[] routes) {
            this.keys = keys;
            this.routes = routes;
            this.mask = keys.length - 1;
        }

        static WireSuffixes of(Map<Name, Route> bySuffix) {
            int size = Integer.highestOneBit(Math.max(4, bySuffix.size() * 4) - 1) << 1; // load at most 1/4
            byte[][] keys = new byte[size][];
            Route[] routes = new Route[size];
            bySuffix.forEach((name, route) -> {
                byte[] key = name.toWireCanonical();
                int slot = spread(hash(key, 0)) & (size - 1);
                while (keys[slot] != null) {
                    slot = (slot + 1) & (size - 1);
                }
                keys[slot] = key;
                routes[slot] = route;
            });
            return new WireSuffixes(keys, routes);
        }

        Route get(byte[] wire, int from) {
            int length = wire.length - from;
            for (int slot = spread(hash(wire, from)) & mask; keys[slot] != null; slot = (slot + 1) & mask) {
                byte[] key = keys[slot];
                if (key.length == length && Arrays.equals(key, 0, length, wire, from, wire.length)) {
                    return routes[slot];
                }
            }
            return null;
        }

        private static int hash(byte[] wire, int from) {
            int h = 1;
            for (int i = from; i < wire.length; i++) {
                h = 31 * h + wire[i];
            }
            return h;
        }

        private static int spread(int h) {
            return h ^ (h >>> 16);
        }
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
