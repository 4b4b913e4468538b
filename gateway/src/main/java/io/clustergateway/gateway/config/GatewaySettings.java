package io.clustergateway.gateway.config;

import io.clustergateway.dns.CacheSettings;
import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.Office;
import io.clustergateway.routing.nat.NatBackendKind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The configuration after {@link ConfigValidator}: parsed, checked, defaults applied
 * (node address, upstreams from resolv.conf). Everything downstream uses this, never the raw strings.
 *
 * @param upstreamsSource "gateway.dns.upstreams" or "/etc/resolv.conf", for the status page
 * @param httpAllowFrom   gateway.http.allow-from: HTTP clients allowed besides those DNS answers
 */
public record GatewaySettings(InetAddress nodeAddress, boolean nodeAddressConfigured, List<InetSocketAddress> listen,
                              List<InetSocketAddress> upstreams, String upstreamsSource, List<Cidr> allowFrom,
                              Duration timeout, CacheSettings cache, int rateLimit, List<Office> offices,
                              List<ClusterSettings> clusters, NatBackendKind natBackend,
                              Optional<InetAddress> snatAddress, boolean bridgeClusters, Duration reconcileInterval,
                              boolean cleanupOnShutdown, boolean manageKernelRoutes, boolean summarizeRoutes,
                              List<Cidr> httpAllowFrom) {
    public GatewaySettings {
        httpAllowFrom = List.copyOf(httpAllowFrom);
        listen = List.copyOf(listen);
        upstreams = List.copyOf(upstreams);
        allowFrom = List.copyOf(allowFrom);
        offices = List.copyOf(offices);
        clusters = List.copyOf(clusters);
    }
}
