package io.clustergateway.gateway.discovery;

import io.clustergateway.gateway.config.ClusterSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Discovers, per cluster with {@code kubernetes.enabled}, the CoreDNS address and the pod and service CIDRs,
 * and keeps them current with watches (see {@link ClusterWatch}); also watches this gateway's own node for the
 * forwarding taint.
 *
 * <p>Starting never fails the application: an unreachable API shows as {@code apiReachable=false} with the error
 * and is retried in the background.
 */
@ApplicationScoped
public class ClusterDiscovery {

    private static final Logger LOG = Logger.getLogger(ClusterDiscovery.class);
    /** How often a watch's health is looked at; only status, the values themselves come from events. */
    private static final Duration STATUS_INTERVAL = Duration.ofSeconds(1);
    /** How often each cluster's API is asked for its version, to notice an outage the watches hide. */
    private static final Duration PING_INTERVAL = Duration.ofSeconds(10);

    private final KubernetesClientFactory clients;
    private final Optional<String> nodeName;
    private final boolean ownApiKnown;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, DiscoveredCluster> current = new ConcurrentHashMap<>();
    private final Event<ClusterDiscovered> discovered;
    private final Event<ServiceChanged> serviceChanged;
    private final List<ClusterWatch> watches = new ArrayList<>();
    private volatile Optional<NodeTaintWatch> nodeTaint = Optional.empty();

    /**
     * NODE_NAME comes from the downward API (fieldRef spec.nodeName); it is not gateway configuration. But Jenkins
     * and many CI runners set a NODE_NAME of their own, and the default client would then fall back to
     * ~/.kube/config: a build machine's tests would watch some real cluster. So the own node is watched only when
     * the default client has an API it was pointed at: in a pod (KUBERNETES_SERVICE_HOST), or one set explicitly
     * ({@code quarkus.kubernetes-client.api-server-url}, or fabric8's {@code kubernetes.master} /
     * KUBERNETES_MASTER).
     */
    ClusterDiscovery(KubernetesClientFactory clients, Event<ClusterDiscovered> discovered,
                     Event<ServiceChanged> serviceChanged,
                     @ConfigProperty(name = "NODE_NAME") Optional<String> nodeName,
                     @ConfigProperty(name = "KUBERNETES_SERVICE_HOST") Optional<String> serviceHost,
                     @ConfigProperty(name = "quarkus.kubernetes-client.api-server-url") Optional<String> apiServerUrl,
                     @ConfigProperty(name = "kubernetes.master") Optional<String> fabric8Master) {
        this.clients = clients;
        this.discovered = discovered;
        this.serviceChanged = serviceChanged;
        this.nodeName = nodeName.filter(n -> !n.isBlank());
        this.ownApiKnown = Stream.of(serviceHost, apiServerUrl, fabric8Master)
                .anyMatch(value -> value.filter(v -> !v.isBlank()).isPresent());
    }

    /** The latest discovered values per cluster name; clusters without discovery are absent. */
    public Map<String, DiscoveredCluster> current() {
        return Map.copyOf(current);
    }

    /** Present when this gateway's own node lacks the forwarding taint; empty off Kubernetes (see the constructor). */
    public Optional<String> nodeTaintWarning() {
        return nodeTaint.flatMap(NodeTaintWatch::warning);
    }

    /** Starts watching every cluster with discovery enabled, and this gateway's own node (see the constructor). */
    public synchronized void start(List<ClusterSettings> clusters) {
        for (ClusterSettings cluster : clusters) {
            cluster.kubernetes().ifPresent(kubernetes -> {
                String name = cluster.name();
                ClusterWatch watch = new ClusterWatch(name, () -> clients.open(name, kubernetes), new Events(), clock);
                current.put(name, watch.current());
                watches.add(watch);
                watch.start(STATUS_INTERVAL, PING_INTERVAL);
            });
        }
        nodeName.ifPresent(name -> {
            if (ownApiKnown) {
                watchOwnNode(name);
            } else {
                LOG.infof("NODE_NAME=%s but not running in a pod (no KUBERNETES_SERVICE_HOST) and no Kubernetes API"
                        + " configured (quarkus.kubernetes-client.api-server-url): the forwarding taint of the node is"
                        + " not checked", name);
            }
        });
    }

    private void watchOwnNode(String name) {
        try {
            nodeTaint = Optional.of(NodeTaintWatch.start(clients.defaultClient(), name));
        } catch (RuntimeException e) {
            // without a usable in-cluster client the check is impossible, not fatal
            LOG.warnf("cannot check the taint of node %s: %s", name, Failures.describe(e));
        }
    }

    public synchronized void stop() {
        nodeTaint.ifPresent(NodeTaintWatch::close);
        watches.forEach(ClusterWatch::close);
        watches.clear();
    }

    private final class Events implements ClusterWatch.Events {
        @Override
        public void changed(DiscoveredCluster previous, DiscoveredCluster next) {
            current.put(next.cluster(), next);
            fire(discovered, new ClusterDiscovered(next));
        }

        @Override
        public void serviceChanged(String cluster, String namespace, String service) {
            fire(serviceChanged, new ServiceChanged(cluster, namespace, service));
        }

        private <T> void fire(Event<T> event, T payload) {
            try {
                event.fire(payload);
            } catch (RuntimeException e) {
                // a failing observer must not stop the watch thread
                LOG.errorf(e, "discovery observer failed on %s", payload);
            }
        }
    }
}
