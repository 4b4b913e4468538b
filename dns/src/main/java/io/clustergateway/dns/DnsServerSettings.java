package io.clustergateway.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the DNS server listens and answers.
 *
 * @param listen                addresses to serve on, UDP and TCP each; port 0 picks a free port
 * @param timeout               whole budget of one client query; past it the client gets SERVFAIL
 * @param rateLimitPerClient    queries per second per client address; 0 = off
 * @param udpChannelsPerAddress SO_REUSEPORT channels per address; 0 = one per core
 */
public record DnsServerSettings(List<InetSocketAddress> listen, Duration timeout, CacheSettings cache,
                                int rateLimitPerClient, int udpChannelsPerAddress) {
    public DnsServerSettings {
        listen = List.copyOf(listen);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(cache, "cache");
        if (listen.isEmpty()) {
            throw new IllegalArgumentException("at least one listen address is needed");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive; got " + timeout);
        }
        if (rateLimitPerClient < 0) {
            throw new IllegalArgumentException("rateLimitPerClient must be >= 0; got " + rateLimitPerClient);
        }
        if (udpChannelsPerAddress < 0) {
            throw new IllegalArgumentException("udpChannelsPerAddress must be >= 0; got " + udpChannelsPerAddress);
        }
    }
}
