package io.clustergateway.gateway;

import io.clustergateway.gateway.bgp.BgpAnnouncer;
import io.clustergateway.gateway.bgp.BgpConfigValidator;
import io.clustergateway.gateway.bgp.BgpSettings;
import io.clustergateway.gateway.config.Addresses;
import io.clustergateway.gateway.config.ConfigValidator;
import io.clustergateway.gateway.config.GatewayConfig;
import io.clustergateway.gateway.config.GatewaySettings;
import io.clustergateway.gateway.config.HostNetwork;
import io.clustergateway.gateway.config.InvalidConfigurationException;
import io.clustergateway.gateway.config.LoadedConfiguration;
import io.clustergateway.gateway.discovery.ClusterDiscovered;
import io.clustergateway.gateway.discovery.ClusterDiscovery;
import io.clustergateway.gateway.dns.GatewayDns;
import io.clustergateway.gateway.model.CurrentModel;
import io.clustergateway.gateway.model.GatewayModel;
import io.clustergateway.gateway.nat.NatReconciler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The one place that starts and stops the parts, in this order. Start: validate the configuration (every problem
 * in one report, then a failed start), build the model, start the BGP speaker (it puts the anycast DNS address on
 * lo), start DNS, start the NAT reconcile thread and wait for its first reconcile, start discovery. Stop: discovery,
 * BGP (withdraw first), DNS (in-flight queries finish), then the reconcile thread; NAT rules are only removed when
 * asked.
 *
 * <p>Changes travel as CDI events: discovery fires {@link ClusterDiscovered} (observed here: the model is rebuilt),
 * the model fires {@code ModelChanged} (observed by DNS, which swaps its routes, and by the reconciler, which is
 * only woken). No observer waits on the kernel.
 */
@ApplicationScoped
public class GatewayLifecycle {
    private static final Logger LOG = Logger.getLogger(GatewayLifecycle.class);

    private final GatewayConfig config;
    private final ClusterDiscovery discovery;
    private final CurrentModel model;
    private final GatewayDns dns;
    private final NatReconciler reconciler;
    private final BgpAnnouncer bgp;
    private volatile GatewaySettings settings;

    public GatewayLifecycle(GatewayConfig config, ClusterDiscovery discovery, CurrentModel model, GatewayDns dns,
                            NatReconciler reconciler, BgpAnnouncer bgp) {
        this.config = config;
        this.discovery = discovery;
        this.model = model;
        this.dns = dns;
        this.reconciler = reconciler;
        this.bgp = bgp;
    }

    void onStart(@Observes StartupEvent event) {
        LoadedConfiguration loaded = LoadedConfiguration.of(ConfigProvider.getConfig());
        LOG.info(loaded.describe());
        BgpSettings bgpSettings;
        try {
            settings = new ConfigValidator(HostNetwork.system()).validate(config, loaded.problems());
            bgpSettings = new BgpConfigValidator(HostNetwork.system()).validate(config.bgp(), settings);
        } catch (InvalidConfigurationException e) {
            throw stopWith(e.getMessage(), "invalid configuration");
        }
        GatewayModel initial = model.rebuild(settings, discovery.current());
        try {
            // BGP first: it puts the anycast DNS address on lo, where the DNS listener must find it
            bgp.start(bgpSettings);
        } catch (RuntimeException e) {
            throw stopWith(e.getMessage(), "BGP speaker cannot start");
        }
        try {
            dns.start(initial);
        } catch (RuntimeException e) {
            throw stopWith(e.getMessage(), "DNS cannot listen");
        }
        reconciler.start();
        reconciler.awaitFirstReconcile();
        discovery.start(settings.clusters());
        // what the watches hold before their first event (e.g. "not reached yet") shows at once
        model.rebuild(settings, discovery.current());
        discovery.nodeTaintWarning().ifPresent(LOG::warn);
        LOG.infof("cluster-gateway: %d clusters, %d offices, upstreams %s (from %s), node address %s, NAT backend %s",
                initial.clusters().size(), settings.offices().size(),
                settings.dns().upstreams().stream().map(Addresses::format).toList(), settings.dns().upstreamsSource(),
                settings.node().address().getHostAddress(), settings.nat().backend());
    }

    /**
     * The report is the whole story: logged once, then the start fails (exit code 1) with one closing line. Quarkus
     * prints a {@link ConfigurationException} as its message alone, where any other exception would get
     * "Failed to start application" and a stack trace burying the report.
     */
    private static ConfigurationException stopWith(String report, String reason) {
        LOG.error(report);
        return new ConfigurationException("cluster-gateway not started: " + reason + " (see above)");
    }

    void onStop(@Observes ShutdownEvent event) {
        discovery.stop();
        // withdraw before DNS goes quiet, so routers move laptops to another gateway first
        bgp.stop();
        dns.stop();
        if (model.find().isPresent()) {
            reconciler.stop();
        }
    }

    /**
     * On a discovery watch thread: builds the next model (no I/O) and returns. Synchronized so that the snapshot of
     * discovery is taken in turn: two clusters' watches changing at once could otherwise rebuild from snapshots in
     * the wrong order, and the older one would win.
     */
    synchronized void onDiscovered(@Observes ClusterDiscovered event) {
        if (settings != null) {
            model.rebuild(settings, discovery.current());
        }
    }
}
