package io.clustergateway.gateway.dns;

import io.clustergateway.dns.DnsCounters;
import io.clustergateway.dns.DnsServer;
import io.clustergateway.dns.DnsServerSettings;
import io.clustergateway.dns.Explanation;
import io.clustergateway.dns.UpstreamStatus;
import io.clustergateway.gateway.config.Addresses;
import io.clustergateway.gateway.config.DnsSettings;
import io.clustergateway.gateway.discovery.ServiceChanged;
import io.clustergateway.gateway.model.CurrentModel;
import io.clustergateway.gateway.model.GatewayModel;
import io.clustergateway.gateway.model.ModelChanged;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** The dns module's server inside the application: started with the model, given every new model's routes. */
@ApplicationScoped
public class GatewayDns {
    private static final Logger LOG = Logger.getLogger(GatewayDns.class);

    private final MeterRegistry registry;
    private final CurrentModel model;
    private volatile DnsServer server;

    public GatewayDns(MeterRegistry registry, CurrentModel model) {
        this.registry = registry;
        this.model = model;
    }

    /** Binds every listen address; a failure stops the start, naming the address (e.g. port 53 without root). */
    public synchronized void start(GatewayModel initial) {
        DnsSettings dnsSettings = initial.settings().dns();
        DnsServerSettings serverSettings = new DnsServerSettings(dnsSettings.listen(), dnsSettings.timeout(),
                dnsSettings.cache(), dnsSettings.rateLimit(), 0);
        try {
            server = DnsServer.start(serverSettings, initial.dnsRoutes(), new MicrometerDnsListener(registry));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for DNS on " + dnsSettings.listen().stream()
                    .map(Addresses::format).toList() + " (gateway.dns.listen): " + e.getMessage(), e);
        }
        // discovery may have changed the model while the listeners were binding
        model.find().map(GatewayModel::dnsRoutes).filter(routes -> !routes.equals(initial.dnsRoutes()))
                .ifPresent(server::replaceRoutes);
        LOG.infof("DNS listening on %s (UDP and TCP)", boundAddresses().stream().map(Addresses::format).toList());
    }

    void onModelChanged(@Observes ModelChanged event) {
        DnsServer current = server;
        if (current != null && event.previous().map(p -> !p.dnsRoutes().equals(event.current().dnsRoutes())).orElse(true)) {
            current.replaceRoutes(event.current().dnsRoutes());
            LOG.infof("DNS routes replaced: %d clusters", event.current().dnsRoutes().clusters().size());
        }
    }

    /** Stops listening; queries in flight get their answers (the server waits up to 2 s). */
    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
            LOG.info("DNS stopped");
        }
    }

    /** A Service came or went: a cached NXDOMAIN for {@code <service>.<namespace>.svc.<domain>} must not linger. */
    void onServiceChanged(@Observes ServiceChanged event) {
        servicesChanged(event.cluster(), event.namespace(), event.service());
    }

    private void servicesChanged(String cluster, String namespace, String service) {
        DnsServer current = server;
        if (current == null) {
            return;
        }
        model.find().flatMap(m -> m.cluster(cluster)).ifPresent(c -> {
            try {
                Name name = Name.fromString(service + "." + namespace + ".svc." + c.domain() + ".");
                int purged = current.purge(cluster, name);
                LOG.debugf("service %s/%s of %s changed: %d cached answers dropped", namespace, service, cluster, purged);
            } catch (TextParseException e) {
                LOG.debugf("not a DNS name: %s.%s: %s", service, namespace, e.getMessage());
            }
        });
    }

    public boolean isServing() {
        DnsServer current = server;
        return current != null && current.isServing();
    }

    /** The real addresses (port 0 in the configuration becomes the bound port); empty before start. */
    public List<InetSocketAddress> boundAddresses() {
        DnsServer current = server;
        return current == null ? List.of() : current.boundAddresses();
    }

    public List<UpstreamStatus> upstreamStatus() {
        DnsServer current = server;
        return current == null ? List.of() : current.upstreamStatus();
    }

    /**
     * Health of every pool after asking each cluster DNS server that was quiet for {@code quietFor} once, waiting
     * at most {@code timeout}: a server that died while no client asked must not read "healthy" forever.
     */
    public List<UpstreamStatus> checkedUpstreamStatus(Duration quietFor, Duration timeout) {
        DnsServer current = server;
        if (current == null) {
            return List.of();
        }
        try {
            return current.checkClusterDns(quietFor, timeout).get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return current.upstreamStatus();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("cluster DNS check did not finish: %s", e.toString());
            return current.upstreamStatus();
        }
    }

    public DnsCounters counters() {
        DnsServer current = server;
        return current == null ? new DnsCounters(Map.of(), 0, 0, 0) : current.counters();
    }

    /** @param name a DNS name, or an IP address for its reverse name; {@code noCache} skips the cache */
    public CompletableFuture<Explanation> explain(String name, int type, boolean noCache) {
        DnsServer current = server;
        if (current == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("DNS is not running"));
        }
        return current.explain(name, type, noCache);
    }
}
