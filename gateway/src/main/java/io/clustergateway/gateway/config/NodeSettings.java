package io.clustergateway.gateway.config;

import java.net.InetAddress;

/**
 * {@code gateway.node-address}: the next hop office routers use for the cluster CIDRs.
 *
 * @param configured false when the address is this host's primary IPv4 (the default)
 */
public record NodeSettings(InetAddress address, boolean configured) {}
