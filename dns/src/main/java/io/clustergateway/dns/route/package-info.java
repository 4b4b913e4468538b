/**
 * Where a name goes: {@link io.clustergateway.dns.route.RouteTable} (longest suffix, alias over shared domain,
 * reverse names by cluster CIDR), the {@link io.clustergateway.dns.route.Route} values, and the alias rewriting
 * between a cluster's alias and its domain.
 */
package io.clustergateway.dns.route;
