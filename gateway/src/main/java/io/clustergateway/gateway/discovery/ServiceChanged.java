package io.clustergateway.gateway.discovery;

/**
 * CDI event: a Service was added or deleted, so {@code <service>.<namespace>.svc.<domain>} may now resolve
 * differently and a cached NXDOMAIN for it must go. Fired on a watch thread, like {@link ClusterDiscovered}.
 */
public record ServiceChanged(String cluster, String namespace, String service) {}
