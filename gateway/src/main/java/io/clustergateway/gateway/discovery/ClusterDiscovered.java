package io.clustergateway.gateway.discovery;

/**
 * CDI event: a cluster's discovered values changed, or its API became reachable or unreachable. Fired on a watch
 * thread, so observers must return quickly and never wait on the network or the kernel.
 */
public record ClusterDiscovered(DiscoveredCluster cluster) {}
