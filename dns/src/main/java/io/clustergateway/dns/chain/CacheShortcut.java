package io.clustergateway.dns.chain;

import io.clustergateway.dns.cache.CacheKey;
import io.clustergateway.dns.cache.DnsCache;
import io.clustergateway.dns.route.Route;
import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The chain's answer for a fresh cache hit, decided without a Message: the same allow list, rate limit, route and
 * cache key as {@link Admission}, {@link RateLimit}, {@link Router} and {@link PoolStep} would use, for routes
 * that ask one pool without rewriting (a shared domain with one cluster, reverse names answered under the domain,
 * upstream). Null whenever the chain
 * itself must decide: refused, rate-limited, an alias or several clusters, a miss, or too long for the client; a
 * null leaves no trace (no token taken, no hit or miss counted), so the chain then does exactly what it would have.
 */
public final class CacheShortcut {
    private static final BooleanSupplier ALWAYS = () -> true;

    private final Supplier<Snapshot> snapshot;
    private final DnsCache cache;
    private final RateLimit rateLimit;

    /** The encoded answer (client's ID, RD and question spelling; no OPT) and the route label for counters. */
    public record Hit(byte[] wire, String route) {}

    /** @param rateLimit the chain's own limiter, or null when there is none */
    public CacheShortcut(Supplier<Snapshot> snapshot, DnsCache cache, RateLimit rateLimit) {
        this.snapshot = snapshot;
        this.cache = cache;
        this.rateLimit = rateLimit;
    }

    /** @param maxLength the longest answer the client can take whole, before the caller adds its OPT */
    public Hit lookup(PlainQuery query, InetSocketAddress client, int maxLength) {
        Snapshot current = snapshot.get();
        if (!current.allowList().allows(client.getAddress())) {
            return null;
        }
        byte[] lowerName = lowerCased(query.nameWire());
        Route route = current.routes().routeCanonicalWire(lowerName);
        if (route == null) {
            route = current.routes().route(query.name()); // a reverse name: the address decides
        }
        String pool = singlePool(route);
        if (pool == null) {
            return null;
        }
        CacheKey key = CacheKey.ofCanonicalWire(pool, lowerName, query.type(), query.dclass(), query.dnssecOk(),
                query.checkingDisabled());
        BooleanSupplier admit = rateLimit == null ? ALWAYS : () -> rateLimit.admits(client.getAddress());
        byte[] wire = cache.lookupWire(key, query.id(), query.recursionDesired(), query.nameWire(), maxLength, admit);
        return wire == null ? null : new Hit(wire, route.label());
    }

    /**
     * The canonical form of an uncompressed wire name: ASCII letters lower-cased. Length octets are at most 63, below
     * 'A', so they pass through unchanged.
     */
    private static byte[] lowerCased(byte[] wire) {
        byte[] lower = new byte[wire.length];
        for (int i = 0; i < wire.length; i++) {
            byte b = wire[i];
            lower[i] = b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
        }
        return lower;
    }

    private static String singlePool(Route route) {
        if (route instanceof Route.Shared shared) {
            return shared.pools().size() == 1 ? shared.pools().get(0) : null;
        }
        if (route instanceof Route.Reverse reverse) {
            return reverse.namesUnderAlias() ? null : reverse.pool(); // under an alias: rewritten on the way back
        }
        if (route instanceof Route.Upstream) {
            return Snapshot.UPSTREAM_POOL;
        }
        return null; // an alias: the answer is rewritten on its way back
    }
}
