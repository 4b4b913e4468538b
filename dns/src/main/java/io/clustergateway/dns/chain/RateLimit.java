package io.clustergateway.dns.chain;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * A token bucket per client address (burst = one second's worth); over the limit → REFUSED.
 * The map of buckets is bounded so a spray of spoofed sources cannot grow it without end.
 */
public final class RateLimit implements QueryHandler {
    private final long perSecond;
    private final LongSupplier nanoClock;
    private final Cache<InetAddress, Bucket> buckets;
    private final QueryHandler next;
    private final Function<InetAddress, Bucket> newBucket;

    public RateLimit(int perSecond, LongSupplier nanoClock, QueryHandler next) {
        this.perSecond = perSecond;
        this.nanoClock = nanoClock;
        this.next = next;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterAccess(Duration.ofSeconds(30))
                .build();
        this.newBucket = address -> new Bucket(perSecond, nanoClock.getAsLong());
    }

    @Override
    public CompletableFuture<Message> handle(Query query) {
        if (!admits(query.client().getAddress())) {
            return Replies.errorNow(query.message(), Rcode.REFUSED);
        }
        return next.handle(query);
    }

    /** Takes a token from the client's bucket; false when there is none (the query is refused). */
    public boolean admits(InetAddress client) {
        if (perSecond <= 0) {
            return true;
        }
        return buckets.get(client, newBucket).take(perSecond, nanoClock.getAsLong());
    }

    private static final class Bucket {
        private static final long SECOND = 1_000_000_000L;
        private double tokens;
        private long last;

        Bucket(long capacity, long now) {
            this.tokens = capacity;
            this.last = now;
        }

        synchronized boolean take(long perSecond, long now) {
            tokens = Math.min(perSecond, tokens + (double) (now - last) * perSecond / SECOND);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
