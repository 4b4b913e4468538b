package io.clustergateway.gateway.dns;

import io.clustergateway.dns.DnsListener;
import io.clustergateway.gateway.config.Addresses;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.Rcode;

/**
 * DNS events as Prometheus metrics: {@code gateway_dns_queries_total{route,rcode}},
 * {@code gateway_dns_cache_total{result=hit|miss|stale}}, {@code gateway_dns_upstream_seconds{pool,upstream,outcome}}.
 * Called on Netty event loops for every answer: meters are registered once and kept per route, so a query costs
 * one map lookup on the route label (no key strings built), an array read for its rcode, a LongAdder increment and
 * a timer record.
 */
final class MicrometerDnsListener implements DnsListener {
    /** Extended rcodes (EDNS) reach 4095; the ones a forwarder sends fit well below this, the rest are looked up. */
    private static final int MAX_RCODE = 31;

    private final MeterRegistry registry;
    private final Map<String, RouteMeters> byRoute = new ConcurrentHashMap<>();
    private final Map<String, Timer> upstreams = new ConcurrentHashMap<>();
    private final LongAdder hits;
    private final LongAdder misses;
    private final LongAdder stale;

    MicrometerDnsListener(MeterRegistry registry) {
        this.registry = registry;
        this.hits = cacheCounter("hit");
        this.misses = cacheCounter("miss");
        this.stale = cacheCounter("stale");
    }

    /**
     * Counts in a LongAdder that Micrometer reads when scraped (a FunctionCounter): one uncontended add per event
     * instead of an increment through the composite registry into each registry's own counter.
     */
    private LongAdder cacheCounter(String result) {
        LongAdder count = new LongAdder();
        FunctionCounter.builder("gateway.dns.cache", count, LongAdder::sum).tag("result", result)
                .description("Cache lookups: hit, miss, and stale answers served while an upstream was down")
                .register(registry);
        return count;
    }

    @Override
    public void onQuery(String route, int rcode, long nanos) {
        RouteMeters meters = byRoute.get(route);
        if (meters == null) {
            meters = byRoute.computeIfAbsent(route, RouteMeters::new);
        }
        meters.answered(rcode).increment();
        meters.duration.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onCache(boolean hit, boolean stale) {
        if (stale) {
            this.stale.increment();
        } else if (hit) {
            hits.increment();
        } else {
            misses.increment();
        }
    }

    @Override
    public void onUpstream(String pool, InetSocketAddress upstream, long nanos, boolean ok) {
        String server = Addresses.format(upstream);
        String outcome = ok ? "ok" : "failed";
        upstreams.computeIfAbsent(pool + '\0' + server + '\0' + outcome, k -> Timer.builder("gateway.dns.upstream")
                .tags("pool", pool, "upstream", server, "outcome", outcome)
                .description("Exchanges with upstream DNS servers")
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One route's meters: the answer timer, and a count per rcode registered when that rcode first occurs. */
    private final class RouteMeters {
        private final String route;
        private final Timer duration;
        private final AtomicReferenceArray<LongAdder> byRcode = new AtomicReferenceArray<>(MAX_RCODE + 1);
        private final Map<Integer, LongAdder> rareRcodes = new ConcurrentHashMap<>();

        RouteMeters(String route) {
            this.route = route;
            this.duration = Timer.builder("gateway.dns.query.duration").tag("route", route)
                    .description("Time from a client query to its answer")
                    .register(registry);
        }

        LongAdder answered(int rcode) {
            if (rcode < 0 || rcode > MAX_RCODE) {
                return rareRcodes.computeIfAbsent(rcode, this::registered);
            }
            LongAdder count = byRcode.get(rcode);
            if (count == null) {
                synchronized (this) { // once per route and rcode: two loops must not register two meters
                    count = byRcode.get(rcode);
                    if (count == null) {
                        count = registered(rcode);
                        byRcode.set(rcode, count);
                    }
                }
            }
            return count;
        }

        private LongAdder registered(int rcode) {
            LongAdder count = new LongAdder();
            FunctionCounter.builder("gateway.dns.queries", count, LongAdder::sum)
                    .tags("route", route, "rcode", Rcode.string(rcode))
                    .description("Client queries answered, by route and rcode")
                    .register(registry);
            return count;
        }
    }
}
