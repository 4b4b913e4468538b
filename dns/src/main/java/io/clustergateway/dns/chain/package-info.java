/**
 * The handler chain a client query flows through, CoreDNS-style: {@link io.clustergateway.dns.chain.Admission}
 * (the allow list first, then well-formed standard queries only),
 * {@link io.clustergateway.dns.chain.RateLimit} (per client), then {@link io.clustergateway.dns.chain.Router},
 * which resolves the route through the cache and the pools ({@link io.clustergateway.dns.chain.PoolStep}).
 * Each handler answers or passes on; none blocks.
 */
package io.clustergateway.dns.chain;
