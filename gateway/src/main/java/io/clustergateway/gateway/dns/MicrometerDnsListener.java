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
import org.xbill.DNS.Rcode;

/**
 * DNS events as Prometheus metrics: {@code gateway_dns_queries_total{route,rcode}},
 * {@code gateway_dns_cache_total{result=hit|miss|stale}}, {@code gateway_dns_upstream_seconds{pool,upstream,outcome}}.
 * Called on Netty event loops: meters are looked up once and kept, so a query costs a map lookup and an increment.
 */
final class MicrometerDnsListener implements DnsListener {
    private final MeterRegistry registry;
    private final Map<String, Counter> queries = new ConcurrentHashMap<>();
    private final Map<String, Timer> queryTimers = new ConcurrentHashMap<>();
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
        String rcodeName = Rcode.string(rcode);
        String key = route + '\0' + rcodeName;
        queries.computeIfAbsent(key, k -> Counter.builder("gateway.dns.queries")
                .tags("route", route, "rcode", rcodeName)
                .description("Client queries answered, by route and rcode")
                .register(registry)).increment();
        queryTimers.computeIfAbsent(route, r -> Timer.builder("gateway.dns.query.duration").tag("route", r)
                .description("Time from a client query to its answer")
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
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
}
