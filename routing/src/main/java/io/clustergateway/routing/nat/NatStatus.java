package io.clustergateway.routing.nat;

import java.util.List;

/**
 * The live NAT state compared with a plan.
 *
 * @param inSync            nothing for {@code apply} to repair (rules and forwarding as planned)
 * @param drift             one human line per difference, e.g. {@code table ip cluster_gateway absent},
 *                          {@code missing rule: ip saddr @office_hq ip daddr @cluster_old masquerade};
 *                          for the {@code none} backend a note that nothing is applied
 * @param forwardingEnabled IPv4 forwarding is on (and IPv6 forwarding, when the plan has IPv6 rules)
 */
public record NatStatus(boolean inSync, List<String> drift, boolean forwardingEnabled) {
    public NatStatus {
        drift = List.copyOf(drift);
    }
}
