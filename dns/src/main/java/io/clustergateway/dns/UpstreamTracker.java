package io.clustergateway.dns;

import io.clustergateway.dns.chain.UpstreamAttribution;
import io.clustergateway.dns.forward.UpstreamPool;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sits between the pools and the gateway's listener and remembers which upstream of each pool last answered,
 * so explain can say "cluster:old@127.0.0.21:53". Under concurrent traffic that is the most recent answer
 * of the pool, which is what a diagnostic needs.
 */
final class UpstreamTracker implements DnsListener, UpstreamAttribution {
    private final DnsListener delegate;
    private final ConcurrentHashMap<String, InetSocketAddress> lastAnswered = new ConcurrentHashMap<>();

    UpstreamTracker(DnsListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void onUpstream(String pool, InetSocketAddress upstream, long nanos, boolean ok) {
        if (ok && !upstream.equals(lastAnswered.get(pool))) {
            lastAnswered.put(pool, upstream);
        }
        delegate.onUpstream(pool, upstream, nanos, ok);
    }

    @Override
    public void onUpstreamHealth(String pool, InetSocketAddress upstream, boolean healthy,
                                 Optional<UpstreamFailure> why) {
        delegate.onUpstreamHealth(pool, upstream, healthy, why);
    }

    @Override
    public String lastAnswered(UpstreamPool pool) {
        InetSocketAddress upstream = lastAnswered.get(pool.name());
        if (upstream == null && pool.servers().size() == 1) {
            upstream = pool.servers().get(0);
        }
        return upstream == null ? pool.name()
                : pool.name() + "@" + upstream.getAddress().getHostAddress() + ":" + upstream.getPort();
    }
}
