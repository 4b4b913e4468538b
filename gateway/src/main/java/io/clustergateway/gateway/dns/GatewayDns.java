package io.clustergateway.gateway.dns;

import io.clustergateway.dns.DnsCounters;
import io.clustergateway.dns.Explanation;
import io.clustergateway.dns.UpstreamStatus;
import io.clustergateway.gateway.model.GatewayModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Placeholder until the dns module's DnsServer facade lands. */
@ApplicationScoped
public class GatewayDns {
    public void start(GatewayModel model) {}

    public void stop() {}

    public void servicesChanged(String cluster, String namespace, String service) {}

    public boolean isServing() {
        return false;
    }

    public List<InetSocketAddress> boundAddresses() {
        return List.of();
    }

    public List<UpstreamStatus> upstreamStatus() {
        return List.of();
    }

    public DnsCounters counters() {
        return new DnsCounters(Map.of(), 0, 0, 0);
    }

    public CompletableFuture<Explanation> explain(String name, int type) {
        return CompletableFuture.failedFuture(new IllegalStateException("DNS is not running"));
    }
}
