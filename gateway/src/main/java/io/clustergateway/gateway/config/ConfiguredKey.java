package io.clustergateway.gateway.config;

/**
 * One key as a configuration source holds it: {@code gateway.dns.listen[0]} with its raw value, and where it came
 * from in words a user recognises ({@code /etc/cluster-gateway/gateway.yaml}, {@code system properties}).
 */
public record ConfiguredKey(String name, String value, String origin) {}
