package io.clustergateway.dns.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.clustergateway.dns.CacheSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.xbill.DNS.Message;

/**
 * The cache-hit path: key, lookup in a cache of 10 000 answers, and the hit shaped for the client (ID, question
 * case, TTLs counted down) as a Message or as wire bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CacheBenchmark {
    private static final String ROUTE = "upstream";

    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    private DnsCache cache;
    private Message query;
    private CacheKey key;
    private CachedAnswer entry;

    @Setup
    public void fill() {
        Ticker ticker = nanos::get;
        cache = new DnsCache(new CacheSettings(10_000, Duration.ofHours(1), Duration.ofSeconds(30),
                Duration.ofMinutes(10)), ticker);
        for (int i = 0; i < 10_000; i++) {
            Message q = Answers.query("svc-" + i + ".default.svc.cluster.local.", i);
            Message answer = Answers.positive(q, 300, "10.96." + (i >> 8) + "." + (i & 0xff));
            cache.resolve(CacheKey.of(ROUTE, q), q, () -> CompletableFuture.completedFuture(answer)).join();
        }
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(42)); // every hit counts its TTLs down
        query = Answers.query("Svc-4711.default.svc.cluster.local.", 99);
        key = CacheKey.of(ROUTE, query);
        entry = CachedAnswer.of(Answers.positive(query, 300, "10.96.18.103"), query.getQuestion(), 300,
                nanos.get() - TimeUnit.SECONDS.toNanos(42), 0);
    }

    @Benchmark
    public CacheKey cacheKey() {
        return CacheKey.of(ROUTE, query);
    }

    @Benchmark
    public Object lookupMessage() {
        return cache.lookup(CacheKey.of(ROUTE, query), query);
    }

    @Benchmark
    public Object lookupWire() {
        return cache.lookupWire(CacheKey.of(ROUTE, query), query);
    }

    /** TTL count-down and ID/question patch on the stored bytes, without the map lookup. */
    @Benchmark
    public byte[] ttlRewrite() {
        return entry.freshWire(query, nanos.get());
    }

    @Benchmark
    public Message ttlRewriteAndParse() {
        return entry.fresh(query, nanos.get());
    }

    @Benchmark
    public Object resolveHit() {
        return cache.resolve(key, query, () -> {
            throw new IllegalStateException("a hit never fetches");
        });
    }
}
