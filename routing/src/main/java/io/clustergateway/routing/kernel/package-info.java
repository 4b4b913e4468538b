/**
 * Kernel state besides NAT: the routes into clusters the gateway owns (tagged {@code proto 200}, see
 * {@link io.clustergateway.routing.kernel.KernelRoutes#ROUTE_PROTOCOL}) and the IP forwarding switches.
 */
package io.clustergateway.routing.kernel;
