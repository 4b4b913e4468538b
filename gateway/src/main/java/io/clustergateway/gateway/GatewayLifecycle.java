package io.clustergateway.gateway;

import io.clustergateway.gateway.config.Addresses;
import io.clustergateway.gateway.config.ConfigValidator;
import io.clustergateway.gateway.config.GatewayConfig;
import io.clustergateway.gateway.config.GatewaySettings;
import io.clustergateway.gateway.config.HostNetwork;
import io.clustergateway.gateway.config.InvalidConfigurationException;
import io.clustergateway.gateway.discovery.ClusterDiscovery;
import io.clustergateway.gateway.discovery.DiscoveredCluster;
import io.clustergateway.gateway.discovery.DiscoveryListener;
import io.clustergateway.gateway.dns.GatewayDns;
import io.clustergateway.gateway.model.CurrentModel;
import io.clustergateway.gateway.model.GatewayModel;
import io.clustergateway.gateway.nat.NatReconciler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Start: validate the configuration (every problem in one report, then a failed start), build the model,
 * start DNS, reconcile NAT. Stop: DNS first (in-flight queries finish), NAT rules only removed when asked.
 */
@ApplicationScoped
public class GatewayLifecycle implements DiscoveryListener {
    private static final Logger LOG = Logger.getLogger(GatewayLifecycle.class);

    private final GatewayConfig config;
    private final ClusterDiscovery discovery;
    private final CurrentModel model;
    private final GatewayDns dns;
    private final NatReconciler reconciler;
    private volatile GatewaySettings settings;

    public GatewayLifecycle(GatewayConfig config, ClusterDiscovery discovery, CurrentModel model, GatewayDns dns,
                            NatReconciler reconciler) {
        this.config = config;
        this.discovery = discovery;
        this.model = model;
        this.dns = dns;
        this.reconciler = reconciler;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            settings = new ConfigValidator(HostNetwork.system()).validate(config);
        } catch (InvalidConfigurationException e) {
            // logged here in full because Quarkus prints a failed start as "Failed to start application"
            // followed by a stack trace; the report must be readable on its own
            LOG.error(e.getMessage());
            throw e;
        }
        // listening before the first build: a discovery result arriving in between is not lost
        discovery.addListener(this);
        GatewayModel initial = model.rebuild(settings, discovery.current());
        try {
            dns.start(initial);
        } catch (RuntimeException e) {
            LOG.error(e.getMessage());
            throw e;
        }
        discovery.nodeTaintWarning().ifPresent(LOG::warn);
        LOG.infof("cluster-gateway: %d clusters, %d offices, upstreams %s (from %s), node address %s, NAT backend %s",
                initial.clusters().size(), settings.offices().size(), settings.upstreams().stream().map(Addresses::format).toList(), settings.upstreamsSource(),
                settings.nodeAddress().getHostAddress(), settings.natBackend());
    }

    void onStop(@Observes ShutdownEvent event) {
        dns.stop();
        if (model.find().isPresent()) {
            reconciler.cleanup();
        }
    }

    @Override
    public void discovered(DiscoveredCluster cluster) {
        if (settings != null) {
            model.rebuild(settings, discovery.current());
        }
    }

    @Override
    public void servicesChanged(String cluster, String namespace, String service) {
        dns.servicesChanged(cluster, namespace, service);
    }
}
