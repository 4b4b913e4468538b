package io.clustergateway.gateway.config;

/**
 * {@code gateway.routes.*}.
 *
 * @param manageKernel install the clusters' {@code via} routes on this host
 * @param summarize    merge adjacent and contained CIDRs in the published routes
 */
public record RouteSettings(boolean manageKernel, boolean summarize) {}
