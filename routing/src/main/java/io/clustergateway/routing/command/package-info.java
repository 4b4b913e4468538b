/**
 * Running the tools that own kernel state ({@code nft}, {@code iptables-restore}, {@code ip}, {@code sysctl}), on
 * the host or inside a network namespace, with a timeout and failures that name the command and its stderr.
 */
package io.clustergateway.routing.command;
