package io.clustergateway.gateway.bgp;

import io.clustergateway.gateway.config.Addresses;
import io.clustergateway.gateway.model.EffectiveCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The real probe: an ICMP echo to {@code via} ({@link InetAddress#isReachable}; as root an ICMP socket, otherwise a
 * TCP connect whose refusal also proves the host is there), and a {@code . NS} query to the cluster's DNS servers,
 * where any answer at all (even REFUSED) proves the path. A cluster with no DNS server known yet is not reachable
 * for announcing: laptops could not resolve its names.
 */
final class ReachabilityProbe implements PathProbe {
    private final Duration timeout;

    ReachabilityProbe(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public ProbeResult probe(EffectiveCluster cluster) {
        if (cluster.via().isPresent() && !viaReachable(cluster.via().get())) {
            return ProbeResult.failed("via " + cluster.via().get().getHostAddress() + " unreachable");
        }
        if (cluster.dnsServers().isEmpty()) {
            return ProbeResult.failed("no DNS server known");
        }
        List<String> failures = new ArrayList<>();
        for (InetSocketAddress server : cluster.dnsServers()) {
            String failure = askDns(server);
            if (failure.isEmpty()) {
                return ProbeResult.ok();
            }
            failures.add(Addresses.format(server) + ": " + failure);
        }
        return ProbeResult.failed("no DNS server answers (" + String.join("; ", failures) + ")");
    }

    private boolean viaReachable(InetAddress via) {
        try {
            return via.isReachable((int) timeout.toMillis());
        } catch (IOException e) {
            return false;
        }
    }

    private String askDns(InetSocketAddress server) {
        try {
            SimpleResolver resolver = new SimpleResolver(server);
            resolver.setTimeout(timeout);
            Message query = Message.newQuery(Record.newRecord(Name.root, Type.NS, DClass.IN));
            resolver.sendAsync(query).toCompletableFuture().get(timeout.toMillis() + 100, TimeUnit.MILLISECONDS);
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage());
        }
    }
}
