package io.clustergateway.dns;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the answer cache.
 *
 * @param maxEntries     how many answers are kept at most
 * @param maxBytes       how much memory the kept answers may take at most, keys and bookkeeping included (an
 *                       estimate); many large answers (TXT, long CNAME chains) reach it before {@code maxEntries}
 * @param maxTtl         cap on how long a positive answer is kept
 * @param negativeMaxTtl cap on how long an NXDOMAIN/NODATA answer is kept (RFC 2308)
 * @param serveStale     how long after expiry an answer may still be served while its upstream is down (RFC 8767)
 */
public record CacheSettings(long maxEntries, long maxBytes, Duration maxTtl, Duration negativeMaxTtl,
                            Duration serveStale) {
    /** 48 MiB: 100000 typical answers (about 400 bytes each, bookkeeping included) fit with room to spare. */
    public static final long DEFAULT_MAX_BYTES = 48L * 1024 * 1024;

    public CacheSettings {
        Objects.requireNonNull(maxTtl, "maxTtl");
        Objects.requireNonNull(negativeMaxTtl, "negativeMaxTtl");
        Objects.requireNonNull(serveStale, "serveStale");
        if (maxEntries < 0) {
            throw new IllegalArgumentException("cache maxEntries must be >= 0; got " + maxEntries);
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("cache maxBytes must be >= 0; got " + maxBytes);
        }
    }

    /** Bounded by {@link #DEFAULT_MAX_BYTES} as well as by entries. */
    public CacheSettings(long maxEntries, Duration maxTtl, Duration negativeMaxTtl, Duration serveStale) {
        this(maxEntries, DEFAULT_MAX_BYTES, maxTtl, negativeMaxTtl, serveStale);
    }

    /** The documented defaults: 100000 entries, 48 MiB, 1h, 30s, 10m. */
    public static CacheSettings defaults() {
        return new CacheSettings(100_000, Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofMinutes(10));
    }
}
