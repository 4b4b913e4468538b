package io.clustergateway.dns.cache;

/**
 * Counters since the cache was created.
 *
 * @param hits   fresh answers served from the cache
 * @param misses queries that had to be fetched (joining an identical fetch in flight counts too)
 * @param stale  expired answers served because the fetch failed (RFC 8767)
 */
public record CacheStats(long hits, long misses, long stale) {
}
