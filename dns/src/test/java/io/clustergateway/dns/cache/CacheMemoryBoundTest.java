package io.clustergateway.dns.cache;

import static io.clustergateway.dns.cache.Answers.positive;
import static io.clustergateway.dns.cache.Answers.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.dns.CacheSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;

/** The cache holds at most max-bytes of answers (estimated), whatever max-entries allows. */
class CacheMemoryBoundTest {
    private static final String ROUTE = "upstream";

    private static Message bigAnswer(Message query) {
        Message answer = Answers.reply(query, Rcode.NOERROR);
        for (int i = 0; i < 20; i++) {
            answer.addRecord(new TXTRecord(query.getQuestion().getName(), DClass.IN, 300, "x".repeat(200) + i),
                    Section.ANSWER);
        }
        return answer;
    }

    private static void store(DnsCache cache, Message query, Message answer) throws Exception {
        cache.resolve(CacheKey.of(ROUTE, query), query, () -> CompletableFuture.completedFuture(answer))
                .get(1, TimeUnit.SECONDS);
    }

    @Test
    void largeAnswersAreBoundedByBytesBeforeEntries() throws Exception {
        long maxBytes = 100_000;
        DnsCache cache = new DnsCache(new CacheSettings(1000, maxBytes, Duration.ofHours(1), Duration.ofSeconds(30),
                Duration.ZERO), System::nanoTime);
        for (int i = 0; i < 200; i++) {
            Message query = query("big" + i + ".example.com.", i);
            store(cache, query, bigAnswer(query));
        }

        // each answer is about 4.3 KB on the wire: max-entries (1000) would keep all 200, about 870 KB
        assertThat(cache.size()).isBetween(1L, maxBytes / 4_000);
    }

    @Test
    void smallAnswersAreStillBoundedByEntries() throws Exception {
        DnsCache cache = new DnsCache(new CacheSettings(50, 10_000_000, Duration.ofHours(1), Duration.ofSeconds(30),
                Duration.ZERO), System::nanoTime);
        for (int i = 0; i < 500; i++) {
            Message query = query("host" + i + ".example.com.", i);
            store(cache, query, positive(query, 300, "10.0.0.1"));
        }

        assertThat(cache.size()).isBetween(1L, 50L);
    }

    @Test
    void anEntryIsEstimatedAtItsBytesAndBookkeeping() {
        Message query = query("web.default.svc.cluster.local.", 1);
        CacheKey key = CacheKey.of(ROUTE, query);
        CachedAnswer answer = CachedAnswer.of(positive(query, 30, "10.96.0.20"), query.getQuestion(), 30, 0, 0);

        int estimate = CacheWeigher.estimatedBytes(key, answer);
        // the 31-byte name, the answer's wire bytes and its one TTL position, and the objects holding them
        assertThat(estimate).isEqualTo(CacheWeigher.OVERHEAD_BYTES + 31 + answer.length() + 4);
        assertThat(new CacheWeigher(new CacheSettings(100_000, CacheSettings.DEFAULT_MAX_BYTES, Duration.ofHours(1),
                Duration.ofSeconds(30), Duration.ZERO)).weigh(key, answer))
                .as("a small entry weighs max-bytes / max-entries, so max-entries still bounds the count")
                .isEqualTo((int) (CacheSettings.DEFAULT_MAX_BYTES / 100_000));
    }
}
