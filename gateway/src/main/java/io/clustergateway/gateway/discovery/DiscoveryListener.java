package io.clustergateway.gateway.discovery;

/** Told about discovery results; called from informer threads, so implementations must not block long. */
public interface DiscoveryListener {

    /** A cluster's discovered values changed (or its API became reachable/unreachable). */
    void discovered(DiscoveredCluster cluster);

    /**
     * A Service was added or deleted in {@code namespace}: {@code <service>.<namespace>.svc.<domain>} may now
     * resolve differently, so a cached NXDOMAIN for it must go.
     */
    default void servicesChanged(String cluster, String namespace, String service) {}
}
