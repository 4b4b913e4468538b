/**
 * NAT backends: put a {@link io.clustergateway.routing.NatPlan} into the kernel, detect drift, take it away.
 * <ul>
 *   <li>{@code nftables}: tables {@code ip cluster_gateway} (and {@code ip6 cluster_gateway} for IPv6 rules) with
 *       one interval set of CIDRs per network ({@code office_hq}, {@code cluster_old}) and one commented
 *       {@code postrouting} rule per network pair at srcnat priority; every apply is one {@code nft -f -}
 *       transaction that adds, deletes and redeclares our tables, so a rejected script leaves the previous rules
 *       and a half-applied table cannot exist. Drift is read with {@code nft -j list table} of our tables only.</li>
 *   <li>{@code iptables}: chain {@code CLUSTER-GATEWAY} in the nat table, refilled with
 *       {@code iptables-restore --noflush}; POSTROUTING jumps to it exactly once (added in the same commit when
 *       missing, duplicates deleted). Drift is read from {@code iptables-save -t nat}.</li>
 *   <li>{@code none}: renders the nftables script for operators to read, applies nothing; inspect says in sync
 *       with the note "backend none: nothing applied", forwarding read only.</li>
 * </ul>
 * Backends that apply also turn on IPv4 forwarding (and IPv6 forwarding for IPv6 rules); forwarding that is off
 * counts as drift.
 */
package io.clustergateway.routing.nat;
