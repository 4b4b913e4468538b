package io.clustergateway.dns;

import com.github.benmanes.caffeine.cache.Ticker;
import io.clustergateway.dns.cache.DnsCache;
import io.clustergateway.dns.chain.Admission;
import io.clustergateway.dns.chain.CacheShortcut;
import io.clustergateway.dns.chain.AllowList;
import io.clustergateway.dns.chain.PoolStep;
import io.clustergateway.dns.chain.Query;
import io.clustergateway.dns.chain.QueryHandler;
import io.clustergateway.dns.chain.RateLimit;
import io.clustergateway.dns.chain.Router;
import io.clustergateway.dns.chain.Snapshot;
import io.clustergateway.dns.forward.ForwardSettings;
import io.clustergateway.dns.forward.UpstreamPool;
import io.clustergateway.dns.forward.UpstreamPools;
import io.clustergateway.dns.route.AliasRewriter;
import io.clustergateway.dns.route.RouteTable;
import io.clustergateway.dns.server.AnswerSink;
import io.clustergateway.dns.server.DnsTransport;
import io.clustergateway.dns.server.EventLoops;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;

/**
 * The split-horizon DNS server: Netty listeners, the handler chain, the cache and one upstream pool per
 * cluster plus one for the default upstreams. Routes can be replaced while it serves.
 */
public final class DnsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
    private static final Duration DRAIN = Duration.ofSeconds(2);

    private final DnsServerSettings settings;
    private final ForwardSettings forwardSettings;
    private final EventLoops loops;
    private final DnsCache cache;
    private final QueryCounters counters = new QueryCounters();
    private final UpstreamTracker tracker;
    private final DnsListener listener;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();
    private final Router router;
    private final QueryHandler chain;
    private final CacheShortcut shortcut;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile DnsRoutes routes;
    private volatile DnsTransport transport;

    private DnsServer(DnsServerSettings settings, ForwardSettings forwardSettings, DnsListener listener,
                      EventLoops loops) {
        this.settings = settings;
        this.forwardSettings = forwardSettings;
        this.listener = listener;
        this.loops = loops;
        this.tracker = new UpstreamTracker(listener);
        this.cache = new DnsCache(settings.cache(), Ticker.systemTicker(), new DnsListener() {
            @Override
            public void onCache(boolean hit, boolean stale) {
                counters.cache(hit, stale);
                listener.onCache(hit, stale);
            }
        });
        this.router = new Router(snapshot::get, new PoolStep(cache, tracker));
        RateLimit rateLimit = settings.rateLimitPerClient() > 0
                ? new RateLimit(settings.rateLimitPerClient(), System::nanoTime, router)
                : null;
        QueryHandler rest = rateLimit != null ? rateLimit : router;
        this.chain = new Admission(() -> snapshot.get().allowList(), rest);
        this.shortcut = new CacheShortcut(snapshot::get, cache, rateLimit);
    }

    /** Binds UDP and TCP on every listen address; throws naming the address that failed. */
    public static DnsServer start(DnsServerSettings settings, DnsRoutes routes, DnsListener listener)
            throws IOException {
        return start(settings, routes, listener, defaultForwardSettings(settings.timeout()));
    }

    /** As {@link #start(DnsServerSettings, DnsRoutes, DnsListener)}, with the forwarders' timings chosen. */
    public static DnsServer start(DnsServerSettings settings, DnsRoutes routes, DnsListener listener,
                                  ForwardSettings forwardSettings) throws IOException {
        EventLoops loops = EventLoops.create(Runtime.getRuntime().availableProcessors());
        DnsServer server = new DnsServer(settings, forwardSettings, listener == null ? DnsListener.NOOP : listener,
                loops);
        try {
            server.install(routes);
            AnswerSink sink = server::answered;
            server.transport = DnsTransport.bind(loops, settings.listen(), settings.udpChannelsPerAddress(),
                    server.chain, server.shortcut, settings.timeout(), sink);
            return server;
        } catch (IOException | RuntimeException e) {
            server.shutdown();
            throw e;
        }
    }

    /**
     * {@link ForwardSettings#defaults()} with a per-try timeout a third of the budget (within 100-700 ms), so a pool
     * can try a second upstream in time.
     */
    static ForwardSettings defaultForwardSettings(Duration timeout) {
        long perTry = Math.max(100, Math.min(700, timeout.toMillis() / 3));
        return ForwardSettings.defaults().withPerTryTimeout(Duration.ofMillis(perTry));
    }

    public List<InetSocketAddress> boundAddresses() {
        return transport.addresses();
    }

    public boolean isServing() {
        return !closed.get() && transport != null && transport.allOpen();
    }

    /** Swaps routes atomically: pools for new or changed clusters are made, removed ones closed; the cache stays. */
    public synchronized void replaceRoutes(DnsRoutes routes) {
        if (closed.get()) {
            throw new IllegalStateException("the DNS server is closed");
        }
        install(routes);
    }

    public DnsRoutes routes() {
        return routes;
    }

    public List<UpstreamStatus> upstreamStatus() {
        List<UpstreamStatus> status = new ArrayList<>();
        for (UpstreamPool pool : snapshot.get().pools().values()) {
            status.addAll(pool.status());
        }
        return status;
    }

    /**
     * Asks each cluster DNS server that answered nothing within {@code quietFor} once, then reports every pool's
     * health: what a readiness check wants, since a server that died while no client asked would look healthy.
     * The default upstreams are not asked (they do not decide readiness).
     */
    public CompletableFuture<List<UpstreamStatus>> checkClusterDns(Duration quietFor, Duration timeout) {
        CompletableFuture<?>[] checks = snapshot.get().pools().values().stream()
                .filter(pool -> !pool.name().equals(Snapshot.UPSTREAM_POOL))
                .map(pool -> pool.checkQuiet(quietFor, timeout))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(checks).thenApply(done -> upstreamStatus());
    }

    /** Runs the name through the same routing, cache and forwarding as a client query and reports what happened. */
    public CompletableFuture<Explanation> explain(String name, int type) {
        return explain(name, type, false);
    }

    /**
     * As {@link #explain(String, int)}; {@code name} may be an IP address (its reverse name is asked), and
     * {@code noCache} sends the query to the pools even when the cache could answer.
     */
    public CompletableFuture<Explanation> explain(String name, int type, boolean noCache) {
        return new Explainer(router, settings.timeout()).explain(name, type, noCache);
    }

    /** Drops cached answers for the name that came from that cluster (asked under its alias or its domain). */
    public int purge(String clusterName, Name name) {
        Set<Name> names = new HashSet<>();
        names.add(name);
        for (ClusterDns cluster : routes.clusters()) {
            if (cluster.name().equals(clusterName) && name.subdomain(cluster.alias())) {
                names.add(new AliasRewriter(cluster.alias(), cluster.domain()).toDomain(name));
            }
        }
        String pool = Snapshot.clusterPool(clusterName);
        return cache.purge(key -> key.route().equals(pool) && names.contains(key.lowerName()));
    }

    public DnsCounters counters() {
        return counters.snapshot();
    }

    /** Stops listening, lets queries in flight finish (up to 2 s), then closes pools and event loops. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (transport != null) {
            transport.stopAccepting();
            try {
                if (!transport.awaitDrained(DRAIN)) {
                    LOG.info("closing with {} DNS queries still in flight", transport.inFlight());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            transport.stopListening();
        }
        shutdown();
    }

    private void shutdown() {
        closed.set(true);
        synchronized (this) { // no replaceRoutes can slip a new pool in after this
            Snapshot current = snapshot.get();
            if (current != null) {
                current.pools().values().forEach(DnsServer::closeQuietly);
            }
        }
        loops.group().shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    private void install(DnsRoutes newRoutes) {
        RouteTable table = RouteTable.of(newRoutes);
        AllowList allowList = AllowList.of(newRoutes.allowFrom());
        Snapshot old = snapshot.get();
        Map<String, UpstreamPool> oldPools = old == null ? Map.of() : old.pools();
        Map<String, UpstreamPool> pools = new LinkedHashMap<>();
        for (ClusterDns cluster : newRoutes.clusters()) {
            String name = Snapshot.clusterPool(cluster.name());
            pools.put(name, poolFor(name, cluster.servers(), oldPools));
        }
        // with no upstreams configured the pool fails every query at once: SERVFAIL, not a hang
        pools.put(Snapshot.UPSTREAM_POOL, poolFor(Snapshot.UPSTREAM_POOL, newRoutes.upstreams(), oldPools));
        snapshot.set(new Snapshot(table, allowList, Map.copyOf(pools)));
        routes = newRoutes;
        List<UpstreamPool> retired = new ArrayList<>();
        oldPools.forEach((name, pool) -> {
            if (pools.get(name) != pool) {
                retired.add(pool);
            }
        });
        if (!retired.isEmpty()) {
            // queries already on their way through a retired pool get until their deadline to finish
            try {
                loops.group().schedule(() -> retired.forEach(DnsServer::closeQuietly),
                        settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                retired.forEach(DnsServer::closeQuietly);
            }
        }
        LOG.info("DNS routes: {} cluster(s), {} upstream(s)", newRoutes.clusters().size(), newRoutes.upstreams().size());
    }

    private UpstreamPool poolFor(String name, List<InetSocketAddress> servers, Map<String, UpstreamPool> oldPools) {
        UpstreamPool existing = oldPools.get(name);
        if (existing != null && existing.servers().equals(servers)) {
            return existing;
        }
        return UpstreamPools.create(name, servers, forwardSettings, loops.group(), tracker);
    }

    private void answered(String route, int rcode, long arrivalNanos) {
        counters.query(route, rcode);
        listener.onQuery(route, rcode, System.nanoTime() - arrivalNanos);
    }

    private static void closeQuietly(UpstreamPool pool) {
        try {
            pool.close();
        } catch (RuntimeException e) {
            LOG.debug("closing pool {}: {}", pool.name(), e.toString());
        }
    }
}
