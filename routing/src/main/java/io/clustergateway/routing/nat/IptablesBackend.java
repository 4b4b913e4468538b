package io.clustergateway.routing.nat;

import io.clustergateway.routing.NatPlan;
import io.clustergateway.routing.NatRule;
import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.command.CommandRunner;
import io.clustergateway.routing.kernel.IpForwarding;
import io.clustergateway.routing.nat.IptablesRules.Family;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code nat.backend: iptables}: chain {@code CLUSTER-GATEWAY} in the nat table (iptables and, for IPv6 rules,
 * ip6tables), refilled by one {@code iptables-restore --noflush} commit, jumped to from POSTROUTING exactly once.
 * Works with either iptables variant on PATH (nft-based or legacy).
 */
final class IptablesBackend implements NatBackend {
    private static final Logger LOG = LoggerFactory.getLogger(IptablesBackend.class);

    private final CommandRunner runner;
    private final ForwardingCheck forwarding;
    private final UnaryOperator<String> inputEditor;

    IptablesBackend(CommandRunner runner) {
        this(runner, UnaryOperator.identity());
    }

    /** Test seam: {@code inputEditor} changes the restore input before iptables-restore sees it. */
    IptablesBackend(CommandRunner runner, UnaryOperator<String> inputEditor) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.forwarding = new ForwardingCheck(new IpForwarding(runner));
        this.inputEditor = inputEditor;
    }

    @Override
    public NatBackendKind kind() {
        return NatBackendKind.IPTABLES;
    }

    /**
     * The restore input per family, each headed by the command it is fed to. {@link #apply} adds the POSTROUTING
     * jump line before COMMIT when the jump is missing (and deletes duplicates).
     */
    @Override
    public String render(NatPlan plan) {
        StringBuilder out = new StringBuilder(IptablesRules.restoreInput(Family.IPV4, plan.ipv4Rules(), List.of()));
        if (plan.hasIpv6()) {
            out.append(IptablesRules.restoreInput(Family.IPV6, plan.ipv6Rules(), List.of()));
        }
        return out.toString();
    }

    @Override
    public void apply(NatPlan plan) throws CommandException {
        if (!plan.translation().isEmpty()) {
            throw new CommandException("the iptables backend cannot translate clusters ("
                    + String.join(", ", plan.translation().clusters().stream().map(c -> c.name()).toList())
                    + "); use nat.backend: nftables");
        }
        LOG.debug("applying {} NAT rules with iptables-restore", plan.rules().size());
        write(Family.IPV4, plan.ipv4Rules());
        if (plan.hasIpv6()) {
            write(Family.IPV6, plan.ipv6Rules());
        } else {
            removeIfPresent(Family.IPV6);
        }
        forwarding.ensure(plan);
    }

    private void write(Family family, List<NatRule> rules) throws CommandException {
        IptablesState live = save(family);
        String input = IptablesRules.restoreInput(family, rules, IptablesRules.jumpRepairs(live.jumps()));
        runner.run(List.of(family.restore(), "--noflush"), inputEditor.apply(input));
    }

    @Override
    public NatStatus inspect(NatPlan plan) throws CommandException {
        List<String> drift = new ArrayList<>(drift(Family.IPV4, plan.ipv4Rules(), save(Family.IPV4)));
        if (plan.hasIpv6()) {
            drift.addAll(drift(Family.IPV6, plan.ipv6Rules(), save(Family.IPV6)));
        } else {
            tolerantSave(Family.IPV6).filter(live -> live.chainExists() || !live.jumps().isEmpty())
                    .ifPresent(live -> drift.add("ip6tables chain " + IptablesRules.CHAIN + " present, but the plan has no IPv6 rules"));
        }
        List<String> forwardingDrift = forwarding.drift(plan);
        drift.addAll(forwardingDrift);
        return new NatStatus(drift.isEmpty(), drift, forwardingDrift.isEmpty());
    }

    private static List<String> drift(Family family, List<NatRule> planned, IptablesState live) {
        List<String> drift = new ArrayList<>();
        String where = family.tool + " nat";
        if (!live.chainExists()) {
            drift.add("chain " + IptablesRules.CHAIN + " absent from " + where);
        }
        if (live.jumps().isEmpty()) {
            drift.add("jump from POSTROUTING to " + IptablesRules.CHAIN + " missing in " + where);
        } else if (live.jumps().size() > 1) {
            drift.add("jump from POSTROUTING to " + IptablesRules.CHAIN + " present " + live.jumps().size() + " times in " + where);
        }
        if (!live.chainExists()) {
            return drift;
        }
        List<String> unmatched = new ArrayList<>(live.rules());
        for (NatRule rule : planned) {
            String described = IptablesRules.describe(rule);
            if (!unmatched.remove(described)) {
                drift.add("missing rule in " + where + ": " + described + " (" + rule.comment() + ")");
            }
        }
        unmatched.forEach(rule -> drift.add("unexpected rule in " + where + " " + IptablesRules.CHAIN + ": " + rule));
        return drift;
    }

    @Override
    public void remove() throws CommandException {
        remove(Family.IPV4, save(Family.IPV4));
        removeIfPresent(Family.IPV6);
    }

    /** IPv6 when the plan has none: clean up what an earlier plan left, without failing on hosts lacking ip6tables. */
    private void removeIfPresent(Family family) throws CommandException {
        Optional<IptablesState> live = tolerantSave(family);
        if (live.isPresent()) {
            remove(family, live.get());
        }
    }

    private void remove(Family family, IptablesState live) throws CommandException {
        if (!live.chainExists() && live.jumps().isEmpty()) {
            return;
        }
        LOG.debug("removing {} chain {}", family.tool, IptablesRules.CHAIN);
        StringBuilder input = new StringBuilder("*nat\n");
        live.jumps().forEach(jump -> input.append("-D POSTROUTING ").append(jump).append('\n'));
        if (live.chainExists()) {
            input.append("-F ").append(IptablesRules.CHAIN).append('\n');
            input.append("-X ").append(IptablesRules.CHAIN).append('\n');
        }
        input.append("COMMIT\n");
        runner.run(List.of(family.restore(), "--noflush"), input.toString());
    }

    private IptablesState save(Family family) throws CommandException {
        return IptablesState.parse(runner.run(family.save(), "-t", "nat").stdout());
    }

    private Optional<IptablesState> tolerantSave(Family family) {
        try {
            return Optional.of(save(family));
        } catch (CommandException e) {
            LOG.debug("cannot read {} nat table, assuming nothing of ours is there: {}", family.tool, e.getMessage());
            return Optional.empty();
        }
    }
}
