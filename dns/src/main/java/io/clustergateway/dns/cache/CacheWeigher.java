package io.clustergateway.dns.cache;

import com.github.benmanes.caffeine.cache.Weigher;
import io.clustergateway.dns.CacheSettings;

/**
 * The cache is bounded by entries and by bytes with one Caffeine weight: an entry weighs its estimated bytes, but
 * never less than {@code maxBytes / maxEntries}, so the total weight reaches {@code maxBytes} after at most
 * {@code maxEntries} entries (small answers) or after fewer, larger ones (the byte bound).
 */
final class CacheWeigher implements Weigher<CacheKey, CachedAnswer> {
    /**
     * What an entry costs besides its arrays, on a 64-bit JVM with compressed references: Caffeine's node (links for
     * access order and the expiry wheel, times, weight), the map's node and slot, the key and answer objects and the
     * three array headers. Rounded up, so the estimate errs on the side of keeping less.
     */
    static final int OVERHEAD_BYTES = 256;

    private final int floor;

    CacheWeigher(CacheSettings settings) {
        this.floor = settings.maxEntries() == 0 ? 1
                : (int) Math.min(Integer.MAX_VALUE, Math.max(1, settings.maxBytes() / settings.maxEntries()));
    }

    static long maximumWeight(CacheSettings settings) {
        return settings.maxEntries() == 0 ? 0 : settings.maxBytes();
    }

    static int estimatedBytes(CacheKey key, CachedAnswer answer) {
        return OVERHEAD_BYTES + key.nameBytes() + answer.payloadBytes();
    }

    @Override
    public int weigh(CacheKey key, CachedAnswer answer) {
        return Math.max(floor, estimatedBytes(key, answer));
    }
}
