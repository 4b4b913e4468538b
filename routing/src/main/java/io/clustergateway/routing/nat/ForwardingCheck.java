package io.clustergateway.routing.nat;

import io.clustergateway.routing.NatPlan;
import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.kernel.IpForwarding;
import java.util.ArrayList;
import java.util.List;

/**
 * Forwarding as a plan needs it: IPv4 always, IPv6 when the plan has IPv6 rules, route lookups by mark for the
 * reverse path filter when it has translated clusters.
 */
final class ForwardingCheck {
    private final IpForwarding forwarding;

    ForwardingCheck(IpForwarding forwarding) {
        this.forwarding = forwarding;
    }

    void ensure(NatPlan plan) throws CommandException {
        forwarding.enableIpv4();
        if (plan.hasIpv6()) {
            forwarding.enableIpv6();
        }
        if (!plan.translation().isEmpty()) {
            forwarding.enableSrcValidMark();
        }
    }

    /** Drift lines for forwarding switches that are off. */
    List<String> drift(NatPlan plan) throws CommandException {
        List<String> drift = new ArrayList<>();
        if (!forwarding.ipv4Enabled()) {
            drift.add("IPv4 forwarding is off (net.ipv4.ip_forward = 0)");
        }
        if (plan.hasIpv6() && !forwarding.ipv6Enabled()) {
            drift.add("IPv6 forwarding is off (net.ipv6.conf.all.forwarding = 0)");
        }
        if (!plan.translation().isEmpty() && !forwarding.srcValidMarkEnabled()) {
            drift.add("replies from translated clusters fail a strict reverse path filter ("
                    + IpForwarding.SRC_VALID_MARK + " = 0)");
        }
        return drift;
    }
}
