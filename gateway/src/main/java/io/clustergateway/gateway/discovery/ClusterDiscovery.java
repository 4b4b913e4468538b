package io.clustergateway.gateway.discovery;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Discovers, per cluster with {@code kubernetes.enabled}, CoreDNS address and CIDRs, and keeps them current. */
@ApplicationScoped
public class ClusterDiscovery {

    private final Map<String, DiscoveredCluster> current = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<DiscoveryListener> listeners = new CopyOnWriteArrayList<>();

    /** The latest discovered values per cluster name; clusters without discovery are absent. */
    public Map<String, DiscoveredCluster> current() {
        return Map.copyOf(current);
    }

    public void addListener(DiscoveryListener listener) {
        listeners.add(listener);
    }

    /** Present when this gateway's own node lacks the forwarding taint. */
    public Optional<String> nodeTaintWarning() {
        return Optional.empty();
    }
}
