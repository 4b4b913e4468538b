package io.clustergateway.gateway.dns;

import io.clustergateway.dns.DnsListener;
import io.clustergateway.gateway.config.Addresses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.xbill.DNS.Rcode;

/**
 * DNS events as Prometheus metrics: {@code gateway_dns_queries_total{route,rcode}},
 * {@code gateway_dns_cache_total{result=hit|miss|stale}}, {@code gateway_dns_upstream_seconds{pool,upstream,outcome}}.
 * Called on Netty event loops for every answer: meters are registered once and kept per route, so a query costs
 * one map lookup on the route label (no key strings built), an array read for its rcode, an increment and a timer
 * record.
 */
final class MicrometerDnsListener implements DnsListener {
    /** Extended rcodes (EDNS) reach 4095; the ones a forwarder sends fit well below this, the rest are looked up. */
    private static final int MAX_RCODE = 31;

    private final MeterRegistry registry;
    private final Map<String, RouteMeters> byRoute = new ConcurrentHashMap<>();
    private final Map<String, Timer> upstreams = new ConcurrentHashMap<>();
    private final Counter hits;
    private final Counter misses;
    private final Counter stale;

    MicrometerDnsListener(MeterRegistry registry) {
        this.registry = registry;
        this.hits = cacheCounter("hit");
        this.misses = cacheCounter("miss");
        this.stale = cacheCounter("stale");
    }

    private Counter cacheCounter(String result) {
        return Counter.builder("gateway.dns.cache").tag("result", result)
                .description("Cache lookups: hit, miss, and stale answers served while an upstream was down")
                .register(registry);
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

    /** One route's meters: the answer timer, and a counter per rcode registered when that rcode first occurs. */
    private final class RouteMeters {
        private final String route;
        private final Timer duration;
        private final AtomicReferenceArray<Counter> byRcode = new AtomicReferenceArray<>(MAX_RCODE + 1);

        RouteMeters(String route) {
            this.route = route;
            this.duration = Timer.builder("gateway.dns.query.duration").tag("route", route)
                    .description("Time from a client query to its answer")
                    .register(registry);
        }

        Counter answered(int rcode) {
            boolean inArray = rcode >= 0 && rcode <= MAX_RCODE;
            Counter counter = inArray ? byRcode.get(rcode) : null;
            if (counter == null) {
                // registering the same tags again returns the same counter, so a race between loops is harmless
                counter = Counter.builder("gateway.dns.queries")
                        .tags("route", route, "rcode", Rcode.string(rcode))
                        .description("Client queries answered, by route and rcode")
                        .register(registry);
                if (inArray) {
                    byRcode.set(rcode, counter);
                }
            }
            return counter;
        }
    }
}
