/** Netty plumbing shared by the listeners ({@code server}) and the forwarders ({@code forward}). */
package io.clustergateway.dns.netty;
