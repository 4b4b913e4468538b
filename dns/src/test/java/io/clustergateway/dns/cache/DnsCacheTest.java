package io.clustergateway.dns.cache;

import static io.clustergateway.dns.cache.Answers.name;
import static io.clustergateway.dns.cache.Answers.negative;
import static io.clustergateway.dns.cache.Answers.positive;
import static io.clustergateway.dns.cache.Answers.query;
import static io.clustergateway.dns.cache.Answers.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import io.clustergateway.dns.CacheSettings;
import io.clustergateway.dns.forward.UpstreamUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

class DnsCacheTest {
    private static final String ROUTE = "upstream";

    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    private final Ticker ticker = nanos::get;
    private final AtomicInteger fetches = new AtomicInteger();

    private DnsCache cache(CacheSettings settings) {
        return new DnsCache(settings, ticker);
    }

    private DnsCache cache() {
        return cache(new CacheSettings(1000, Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofMinutes(10)));
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private Supplier<CompletableFuture<Message>> fetching(Message answer) {
        return () -> {
            fetches.incrementAndGet();
            return CompletableFuture.completedFuture(answer);
        };
    }

    private Supplier<CompletableFuture<Message>> failing() {
        return () -> {
            fetches.incrementAndGet();
            return CompletableFuture.failedFuture(new UpstreamUnavailableException("no answer from upstream"));
        };
    }

    private static Message resolve(DnsCache cache, Message query, Supplier<CompletableFuture<Message>> fetch)
            throws Exception {
        return cache.resolve(CacheKey.of(ROUTE, query), query, fetch).get(1, TimeUnit.SECONDS);
    }

    private static List<Long> ttls(Message message, int section) {
        return message.getSection(section).stream().map(Record::getTTL).toList();
    }

    @Test
    void servedTtlsCountDownWithElapsedTime() throws Exception {
        DnsCache cache = cache();
        Message query = query("web.example.com.", 1);
        resolve(cache, query, fetching(positive(query, 300, "10.0.0.1")));

        advance(Duration.ofSeconds(100));
        Message hit = cache.lookup(CacheKey.of(ROUTE, query), query).orElseThrow();

        assertThat(ttls(hit, Section.ANSWER)).containsExactly(200L);
        assertThat(hit.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("10.0.0.1");
        advance(Duration.ofMillis(199_999));
        assertThat(cache.lookup(CacheKey.of(ROUTE, query), query)).get()
                .satisfies(m -> assertThat(ttls(m, Section.ANSWER)).containsExactly(1L));
        advance(Duration.ofMillis(1));
        assertThat(cache.lookup(CacheKey.of(ROUTE, query), query)).isEmpty();
        assertThat(fetches).hasValue(1);
    }

    @Test
    void positiveTtlIsCappedByMaxTtl() throws Exception {
        DnsCache cache = cache(new CacheSettings(100, Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ZERO));
        Message query = query("long.example.com.", 1);

        Message first = resolve(cache, query, fetching(positive(query, 86_400, "10.0.0.2")));

        assertThat(ttls(first, Section.ANSWER)).containsExactly(300L);
        advance(Duration.ofSeconds(300));
        assertThat(cache.lookup(CacheKey.of(ROUTE, query), query)).isEmpty();
    }

    @Test
    void negativeAnswerLivesForTheSoaMinimumPerRfc2308() throws Exception {
        DnsCache cache = cache(new CacheSettings(100, Duration.ofHours(1), Duration.ofMinutes(5), Duration.ZERO));
        Message query = query("nope.example.com.", 1);

        // SOA TTL 3600 but MINIMUM 60: the smaller one counts.
        Message first = resolve(cache, query, fetching(negative(query, Rcode.NXDOMAIN, 3600, 60)));

        assertThat(first.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(ttls(first, Section.AUTHORITY)).containsExactly(60L);
        advance(Duration.ofSeconds(59));
        Message hit = cache.lookup(CacheKey.of(ROUTE, query), query).orElseThrow();
        assertThat(hit.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(ttls(hit, Section.AUTHORITY)).containsExactly(1L);
        advance(Duration.ofSeconds(1));
        assertThat(cache.lookup(CacheKey.of(ROUTE, query), query)).isEmpty();
    }

    @Test
    void negativeTtlIsCappedByNegativeMaxTtl() throws Exception {
        DnsCache cache = cache(); // negative-max-ttl 30s
        Message query = query("empty.example.com.", 1);

        Message nodata = resolve(cache, query, fetching(negative(query, Rcode.NOERROR, 900, 600)));

        assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
        assertThat(ttls(nodata, Section.AUTHORITY)).containsExactly(30L);
        advance(Duration.ofSeconds(29));
        assertThat(cache.lookup(CacheKey.of(ROUTE, query), query)).isPresent();
        advance(Duration.ofSeconds(1));
        assertThat(cache.lookup(CacheKey.of(ROUTE, query), query)).isEmpty();
    }

    @Test
    void negativeAnswerWithoutSoaIsNotCached() throws Exception {
        DnsCache cache = cache();
        Message query = query("nosoa.example.com.", 1);

        resolve(cache, query, fetching(reply(query, Rcode.NXDOMAIN)));
        resolve(cache, query, fetching(reply(query, Rcode.NXDOMAIN)));

        assertThat(fetches).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void serverFailuresAndTruncatedAnswersAreNotCached() throws Exception {
        DnsCache cache = cache();
        for (int rcode : new int[] {Rcode.SERVFAIL, Rcode.REFUSED, Rcode.FORMERR}) {
            Message query = query("fail" + rcode + ".example.com.", 7);
            Message answer = resolve(cache, query, fetching(reply(query, rcode)));
            assertThat(answer.getRcode()).isEqualTo(rcode);
            assertThat(cache.lookup(CacheKey.of(ROUTE, query), query)).isEmpty();
        }
        Message query = query("big.example.com.", 8);
        Message truncated = positive(query, 300, "10.0.0.3");
        truncated.getHeader().setFlag(Flags.TC);
        resolve(cache, query, fetching(truncated));

        assertThat(cache.lookup(CacheKey.of(ROUTE, query), query)).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void servesStaleWithTtl30WhenTheFetchFailsAfterExpiry() throws Exception {
        DnsCache cache = cache();
        Message query = query("web.example.com.", 1);
        resolve(cache, query, fetching(positive(query, 60, "10.0.0.1")));
        advance(Duration.ofSeconds(61));

        Message stale = resolve(cache, query("web.example.com.", 2), failing());

        assertThat(stale.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(stale.getHeader().getID()).isEqualTo(2);
        assertThat(ttls(stale, Section.ANSWER)).containsExactly(30L);
        assertThat(cache.stats()).isEqualTo(new CacheStats(0, 2, 1));
    }

    @Test
    void servesStaleWhenTheUpstreamAnswersServfail() throws Exception {
        DnsCache cache = cache();
        Message query = query("web.example.com.", 1);
        resolve(cache, query, fetching(positive(query, 60, "10.0.0.1")));
        advance(Duration.ofMinutes(5));

        Message stale = resolve(cache, query, fetching(reply(query, Rcode.SERVFAIL)));

        assertThat(stale.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(ttls(stale, Section.ANSWER)).containsExactly(30L);
    }

    @Test
    void stopsServingStaleAfterTheServeStaleWindow() throws Exception {
        DnsCache cache = cache(); // serve-stale 10m
        Message query = query("web.example.com.", 1);
        resolve(cache, query, fetching(positive(query, 60, "10.0.0.1")));
        advance(Duration.ofSeconds(60).plus(Duration.ofMinutes(10)));

        CompletableFuture<Message> failed = cache.resolve(CacheKey.of(ROUTE, query), query, failing());

        assertThatThrownBy(() -> failed.get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(UpstreamUnavailableException.class);
        Message servfail = resolve(cache, query, fetching(reply(query, Rcode.SERVFAIL)));
        assertThat(servfail.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(cache.stats().stale()).isZero();
    }

    @Test
    void identicalConcurrentMissesFetchOnce() throws Exception {
        DnsCache cache = cache();
        Message first = query("web.example.com.", 11);
        Message second = query("WEB.example.com.", 12);
        CompletableFuture<Message> upstream = new CompletableFuture<>();
        Supplier<CompletableFuture<Message>> fetch = () -> {
            fetches.incrementAndGet();
            return upstream;
        };

        CompletableFuture<Message> one = cache.resolve(CacheKey.of(ROUTE, first), first, fetch);
        CompletableFuture<Message> two = cache.resolve(CacheKey.of(ROUTE, second), second, fetch);
        upstream.complete(positive(first, 300, "10.0.0.1"));

        assertThat(fetches).hasValue(1);
        assertThat(one.get(1, TimeUnit.SECONDS).getHeader().getID()).isEqualTo(11);
        assertThat(two.get(1, TimeUnit.SECONDS).getHeader().getID()).isEqualTo(12);
        assertThat(two.get().getQuestion().getName()).hasToString("WEB.example.com.");
        // Out of flight once answered: the next miss (after expiry) fetches again.
        advance(Duration.ofSeconds(300));
        resolve(cache, first, fetching(positive(first, 300, "10.0.0.1")));
        assertThat(fetches).hasValue(2);
    }

    @Test
    void hitsKeepTheClientsIdAndLetterCase() throws Exception {
        DnsCache cache = cache();
        Message stored = query("Web.Example.COM.", 1);
        resolve(cache, stored, fetching(positive(stored, 300, "10.0.0.1")));
        Message asked = query("wEB.example.com.", 4242);

        Message hit = cache.lookup(CacheKey.of(ROUTE, asked), asked).orElseThrow();

        assertThat(hit.getHeader().getID()).isEqualTo(4242);
        assertThat(hit.getQuestion().getName()).hasToString("wEB.example.com.");
        assertThat(hit.getSection(Section.ANSWER).get(0).getName()).hasToString("wEB.example.com.");
        assertThat(hit.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(cache.stats()).isEqualTo(new CacheStats(1, 1, 0));
    }

    @Test
    void theUpstreamsOptRecordIsNotServed() throws Exception {
        DnsCache cache = cache();
        Message query = Answers.dnssecQuery("web.example.com.", 3);
        Message answer = positive(query, 300, "10.0.0.1");
        answer.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);

        Message first = resolve(cache, query, fetching(answer));
        Message hit = cache.lookup(CacheKey.of(ROUTE, query), query).orElseThrow();

        assertThat(first.getOPT()).isNull();
        assertThat(hit.getOPT()).isNull();
        assertThat(cache.lookup(CacheKey.of(ROUTE, query("web.example.com.", 3)), query)).isEmpty();
    }

    @Test
    void purgeDropsOnlyTheMatchingEntries() throws Exception {
        DnsCache cache = cache();
        Message query = query("web.example.com.", 1);
        CacheKey old = CacheKey.of("alias:old", query);
        CacheKey upstream = CacheKey.of(ROUTE, query);
        cache.resolve(old, query, fetching(positive(query, 300, "10.0.0.1"))).get(1, TimeUnit.SECONDS);
        cache.resolve(upstream, query, fetching(positive(query, 300, "10.0.0.2"))).get(1, TimeUnit.SECONDS);

        int purged = cache.purge(key -> key.route().equals("alias:old"));

        assertThat(purged).isEqualTo(1);
        assertThat(cache.lookup(old, query)).isEmpty();
        assertThat(cache.lookup(upstream, query)).isPresent();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void sizeIsBoundedByMaxEntries() throws Exception {
        DnsCache cache = cache(new CacheSettings(10, Duration.ofHours(1), Duration.ofSeconds(30), Duration.ZERO));
        for (int i = 0; i < 100; i++) {
            Message query = query("host" + i + ".example.com.", i);
            resolve(cache, query, fetching(positive(query, 300, "10.0.0.1")));
        }

        assertThat(cache.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void theEncodedHitIsTheSameAnswerWithoutBuildingAMessage() throws Exception {
        DnsCache cache = cache();
        Message stored = query("web.example.com.", 1);
        resolve(cache, stored, fetching(positive(stored, 300, "10.0.0.1")));
        advance(Duration.ofSeconds(10));
        Message asked = query("WEB.example.com.", 77);

        Message decoded = new Message(cache.lookupWire(CacheKey.of(ROUTE, asked), asked).orElseThrow());

        assertThat(decoded.getHeader().getID()).isEqualTo(77);
        assertThat(decoded.getQuestion().getName()).hasToString("WEB.example.com.");
        assertThat(ttls(decoded, Section.ANSWER)).containsExactly(290L);
        assertThat(decoded.toString()).isEqualTo(cache.lookup(CacheKey.of(ROUTE, asked), asked).orElseThrow().toString());
    }

    @Test
    void aQueryKnownOnlyByIdFlagAndNameGetsTheSameEncodedHit() throws Exception {
        DnsCache cache = cache();
        Message stored = query("web.example.com.", 1);
        resolve(cache, stored, fetching(positive(stored, 300, "10.0.0.1")));
        advance(Duration.ofSeconds(10));
        Message asked = query("Web.Example.com.", 78);
        CacheKey key = CacheKey.of(ROUTE, asked);

        byte[] wire = cache.lookupWire(key, 78, true, asked.getQuestion().getName(), 512);

        assertThat(wire).isEqualTo(cache.lookupWire(key, asked).orElseThrow());
        assertThat(cache.lookupWire(key, 78, true, asked.getQuestion().getName(), wire.length - 1))
                .as("longer than the caller can send: it takes the truncating path").isNull();
        assertThat(cache.lookupWire(CacheKey.of(ROUTE, query("other.example.com.", 1)), 1, true,
                name("other.example.com."), 512)).isNull();
        assertThat(cache.lookupWire(key, 78, true, asked.getQuestion().getName().toWire(), 512, () -> false))
                .as("the caller's admission says no: no answer, nothing counted").isNull();
        assertThat(cache.stats().hits()).isEqualTo(2);
        assertThat(cache.stats().misses()).isEqualTo(1);
    }
}
