package io.clustergateway.routing.nat;

import io.clustergateway.routing.NatPlan;
import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.command.CommandRunner;
import io.clustergateway.routing.kernel.IpForwarding;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code nat.backend: none}: the plan is computed and shown (rendered as the nftables ruleset that the
 * {@code nftables} backend would apply), nothing is applied or removed.
 * <p>
 * {@link #inspect} reports in sync, since there is nothing this backend would repair, with the drift line
 * {@value #NOTHING_APPLIED} so that a status page does not suggest the rules are live. Forwarding is only read;
 * when it cannot be read it is reported as off.
 */
final class NoneBackend implements NatBackend {
    private static final Logger LOG = LoggerFactory.getLogger(NoneBackend.class);
    static final String NOTHING_APPLIED = "backend none: nothing applied";

    private final IpForwarding forwarding;

    NoneBackend(CommandRunner runner) {
        this.forwarding = new IpForwarding(runner);
    }

    @Override
    public NatBackendKind kind() {
        return NatBackendKind.NONE;
    }

    @Override
    public String render(NatPlan plan) {
        return NftRuleset.script(plan);
    }

    @Override
    public void apply(NatPlan plan) {
        LOG.debug("backend none: not applying {} NAT rules", plan.rules().size());
    }

    @Override
    public NatStatus inspect(NatPlan plan) {
        return new NatStatus(true, List.of(NOTHING_APPLIED), forwardingEnabled(plan));
    }

    @Override
    public void remove() {
        LOG.debug("backend none: nothing to remove");
    }

    private boolean forwardingEnabled(NatPlan plan) {
        try {
            return forwarding.ipv4Enabled() && (!plan.hasIpv6() || forwarding.ipv6Enabled());
        } catch (CommandException e) {
            LOG.debug("cannot read forwarding: {}", e.getMessage());
            return false;
        }
    }
}
