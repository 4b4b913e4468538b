package io.clustergateway.routing.nat;

import io.clustergateway.routing.NatPlan;
import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.command.CommandResult;
import io.clustergateway.routing.command.CommandRunner;
import io.clustergateway.routing.kernel.IpForwarding;
import io.clustergateway.routing.kernel.PolicyRoutes;
import io.clustergateway.routing.nat.NftRuleset.Family;
import io.clustergateway.routing.nat.NftRuleset.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code nat.backend: nftables}: our tables {@code ip cluster_gateway} (and {@code ip6 cluster_gateway}),
 * recreated as a whole by one {@code nft -f -} transaction (see {@link NftRuleset}); if nft rejects it, nothing
 * changes. Only our own tables are ever listed, written or deleted. Translated clusters add their chains to the
 * same table and their {@code ip rule}s and routing tables ({@link PolicyRoutes}), reconciled before the table.
 */
final class NftablesBackend implements NatBackend {
    private static final Logger LOG = LoggerFactory.getLogger(NftablesBackend.class);
    private static final List<String> NFT_APPLY = List.of("nft", "-f", "-");

    private final CommandRunner runner;
    private final ForwardingCheck forwarding;
    private final PolicyRoutes policyRoutes;
    private final UnaryOperator<String> scriptEditor;

    NftablesBackend(CommandRunner runner) {
        this(runner, UnaryOperator.identity());
    }

    /** Test seam: {@code scriptEditor} changes the script before nft sees it, e.g. to make nft reject it. */
    NftablesBackend(CommandRunner runner, UnaryOperator<String> scriptEditor) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.forwarding = new ForwardingCheck(new IpForwarding(runner));
        this.policyRoutes = new PolicyRoutes(runner);
        this.scriptEditor = scriptEditor;
    }

    @Override
    public NatBackendKind kind() {
        return NatBackendKind.NFTABLES;
    }

    @Override
    public String render(NatPlan plan) {
        return NftRuleset.script(plan);
    }

    @Override
    public void apply(NatPlan plan) throws CommandException {
        LOG.debug("applying {} NAT rules and {} translated clusters with nft", plan.rules().size(),
                plan.translation().clusters().size());
        // what the new table marks traffic for is routed before it, what the old one marked for goes after it
        policyRoutes.install(plan.translation());
        runner.run(NFT_APPLY, scriptEditor.apply(render(plan)));
        policyRoutes.prune(plan.translation());
        forwarding.ensure(plan);
    }

    @Override
    public NatStatus inspect(NatPlan plan) throws CommandException {
        List<String> drift = new ArrayList<>();
        List<Table> planned = NftRuleset.tables(plan);
        for (Table table : planned) {
            Optional<NftState> live = list(table.family());
            if (live.isEmpty()) {
                drift.add("table " + table.family().table() + " absent");
            } else {
                drift.addAll(live.get().drift(table));
            }
        }
        if (planned.stream().noneMatch(table -> table.family() == Family.IPV6) && list(Family.IPV6).isPresent()) {
            drift.add("table " + Family.IPV6.table() + " present, but the plan has no IPv6 rules");
        }
        drift.addAll(policyRoutes.drift(plan.translation()));
        List<String> forwardingDrift = forwarding.drift(plan);
        drift.addAll(forwardingDrift);
        return new NatStatus(drift.isEmpty(), drift, forwardingDrift.isEmpty());
    }

    @Override
    public void remove() throws CommandException {
        LOG.debug("removing our nft tables, ip rules and routing tables");
        runner.run(NFT_APPLY, NftRuleset.removalScript());
        policyRoutes.removeAll();
    }

    /** Our table in one family; empty when it does not exist. */
    private Optional<NftState> list(Family family) throws CommandException {
        CommandResult result = runner.execute(List.of("nft", "-j", "list", "table", family.nft, NftRuleset.TABLE), null);
        if (result.succeeded()) {
            return Optional.of(NftState.parse(result.stdout()));
        }
        if (result.stderr().contains("No such file or directory")) {
            return Optional.empty();
        }
        throw CommandException.failed(result);
    }
}
