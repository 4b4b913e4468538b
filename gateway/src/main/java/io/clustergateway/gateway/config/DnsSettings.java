package io.clustergateway.gateway.config;

import io.clustergateway.dns.CacheSettings;
import io.clustergateway.routing.Cidr;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * {@code gateway.dns.*}.
 *
 * @param upstreamsSource "gateway.dns.upstreams" or "/etc/resolv.conf", for the status page
 * @param rateLimit       queries per second per client address, 0 = off
 */
public record DnsSettings(List<InetSocketAddress> listen, List<InetSocketAddress> upstreams, String upstreamsSource,
                          List<Cidr> allowFrom, Duration timeout, CacheSettings cache, int rateLimit) {
    public DnsSettings {
        listen = List.copyOf(listen);
        upstreams = List.copyOf(upstreams);
        allowFrom = List.copyOf(allowFrom);
    }
}
