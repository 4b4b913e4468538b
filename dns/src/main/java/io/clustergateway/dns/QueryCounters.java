package io.clustergateway.dns;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.Rcode;

/** Query and cache counters; LongAdders so event-loop threads never contend on one cache line. */
final class QueryCounters {
    private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, LongAdder>> queries = new ConcurrentHashMap<>();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder cacheMisses = new LongAdder();
    private final LongAdder staleAnswers = new LongAdder();

    void query(String route, int rcode) {
        ConcurrentHashMap<Integer, LongAdder> byRcode = queries.get(route);
        if (byRcode == null) {
            byRcode = queries.computeIfAbsent(route, r -> new ConcurrentHashMap<>());
        }
        LongAdder count = byRcode.get(rcode);
        if (count == null) {
            count = byRcode.computeIfAbsent(rcode, r -> new LongAdder());
        }
        count.increment();
    }

    /** As the cache reports: a miss (false, false), a fresh hit (true, false), a stale answer (true, true). */
    void cache(boolean hit, boolean stale) {
        if (stale) {
            staleAnswers.increment();
        } else if (hit) {
            cacheHits.increment();
        } else {
            cacheMisses.increment();
        }
    }

    DnsCounters snapshot() {
        Map<String, Map<String, Long>> byRoute = new TreeMap<>();
        queries.forEach((route, byRcode) -> {
            Map<String, Long> counts = new TreeMap<>();
            byRcode.forEach((rcode, count) -> counts.put(Rcode.string(rcode), count.sum()));
            byRoute.put(route, Map.copyOf(counts));
        });
        return new DnsCounters(byRoute, cacheHits.sum(), cacheMisses.sum(), staleAnswers.sum());
    }
}
