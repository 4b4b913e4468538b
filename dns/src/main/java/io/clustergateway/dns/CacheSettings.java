package io.clustergateway.dns;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the answer cache.
 *
 * @param maxEntries     how many answers are kept at most
 * @param maxTtl         cap on how long a positive answer is kept
 * @param negativeMaxTtl cap on how long an NXDOMAIN/NODATA answer is kept (RFC 2308)
 * @param serveStale     how long after expiry an answer may still be served while its upstream is down (RFC 8767)
 */
public record CacheSettings(long maxEntries, Duration maxTtl, Duration negativeMaxTtl, Duration serveStale) {
    public CacheSettings {
        Objects.requireNonNull(maxTtl, "maxTtl");
        Objects.requireNonNull(negativeMaxTtl, "negativeMaxTtl");
        Objects.requireNonNull(serveStale, "serveStale");
        if (maxEntries < 0) {
            throw new IllegalArgumentException("cache maxEntries must be >= 0; got " + maxEntries);
        }
    }

    /** The documented defaults: 100000 entries, 1h, 30s, 10m. */
    public static CacheSettings defaults() {
        return new CacheSettings(100_000, Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofMinutes(10));
    }
}
