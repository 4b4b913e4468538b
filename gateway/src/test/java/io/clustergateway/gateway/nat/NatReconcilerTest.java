package io.clustergateway.gateway.nat;

import io.clustergateway.gateway.testsupport.Events;
import io.clustergateway.gateway.testsupport.TestSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.gateway.config.GatewaySettings;
import io.clustergateway.gateway.model.CurrentModel;
import io.clustergateway.gateway.model.ModelChanged;
import io.clustergateway.routing.command.CommandResult;
import io.clustergateway.routing.command.CommandRunner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A failed apply names the command and why, keeps the previous rules (nothing else is run), counts, and shows on
 * the NAT state; the next reconcile after the cause is gone repairs it. nft is simulated by a command runner
 * that answers like the real one does without privileges.
 */
class NatReconcilerTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<List<String>> commands = new ArrayList<>();
    private final List<String> scripts = new ArrayList<>();
    private volatile boolean nftPermitted;

    private final CommandRunner fakeNft = (argv, stdin) -> {
        commands.add(argv);
        if (stdin != null) {
            scripts.add(stdin);
        }
        if (argv.get(0).equals("sysctl")) {
            return new CommandResult(argv, 0, "1\n", "");
        }
        if (argv.contains("list")) {
            return new CommandResult(argv, 1, "", "Error: No such file or directory\nlist table ip cluster_gateway");
        }
        if (argv.get(0).equals("ip") && argv.contains("show")) {
            return new CommandResult(argv, 0, "[]", ""); // reading ip rules and routes needs no privilege
        }
        return nftPermitted
                ? new CommandResult(argv, 0, "", "")
                : new CommandResult(argv, 1, "", "Error: Could not process rule: Operation not permitted");
    };

    @Test
    void aFailedApplyIsVisibleAndTheNextReconcileRepairs() {
        CurrentModel model = new CurrentModel(Events.none(), registry);
        model.rebuild(settings(), Map.of());
        NatReconciler reconciler = new NatReconciler(model, registry, fakeNft, NatReconciler.MIN_INTERVAL);

        NatState failed = reconciler.reconcile("test");

        assertThat(failed.inSync()).isFalse();
        assertThat(failed.lastError()).hasValueSatisfying(error -> assertThat(error)
                .contains("`nft -f -` failed (exit 1)").contains("Operation not permitted"));
        assertThat(failed.drift()).anySatisfy(line -> assertThat(line).contains("absent"));
        assertThat(registry.counter("gateway.nat.reconciles", "result", "failed").count()).isEqualTo(1);
        assertThat(registry.counter("gateway.nat.drift").count()).isGreaterThanOrEqualTo(1);
        assertThat(commands).noneMatch(argv -> argv.contains("delete") || argv.contains("flush"));

        nftPermitted = true;
        NatState repaired = reconciler.reconcile("test");

        assertThat(repaired.lastError()).isEmpty();
        assertThat(repaired.inSync()).isTrue();
        assertThat(repaired.lastApply()).isPresent();
        assertThat(registry.counter("gateway.nat.reconciles", "result", "repaired").count()).isEqualTo(1);
        assertThat(reconciler.backend().render(model.get().natPlan()))
                .contains("10.1.3.0/24").contains("10.200.0.0/16");
    }

    @Test
    void shutdownKeepsTheRulesSoTrafficKeepsFlowingWhileTheGatewayRestarts() {
        nftPermitted = true;
        NatReconciler reconciler = reconcilerFor(settings());
        reconciler.reconcile("test");
        commands.clear();

        reconciler.cleanup();

        assertThat(commands).as("commands run at shutdown without nat.cleanup-on-shutdown")
                .noneMatch(argv -> argv.contains("nft") || argv.contains("delete"));
    }

    @Test
    void shutdownRemovesOurTableWhenCleanupOnShutdownIsSet() {
        nftPermitted = true;
        NatReconciler reconciler = reconcilerFor(settings(Map.of("gateway.nat.cleanup-on-shutdown", "true")));
        reconciler.reconcile("test");
        scripts.clear();

        reconciler.cleanup();

        assertThat(scripts).as("nft scripts run at shutdown with nat.cleanup-on-shutdown")
                .anySatisfy(script -> assertThat(script).contains("delete table ip cluster_gateway"));
    }

    @Test
    void aReconcileAfterShutdownCleanupLeavesTheRemovedTableAlone() {
        nftPermitted = true;
        CurrentModel model = new CurrentModel(Events.none(), registry);
        model.rebuild(settings(Map.of("gateway.nat.cleanup-on-shutdown", "true")), Map.of());
        NatReconciler reconciler = new NatReconciler(model, registry, fakeNft, NatReconciler.MIN_INTERVAL);
        reconciler.reconcile("test");
        reconciler.cleanup();
        commands.clear();
        scripts.clear();

        // the scheduled interval or a discovery change arriving while the application stops
        reconciler.reconcile("interval");
        reconciler.onModelChanged(new ModelChanged(Optional.empty(), model.get()));

        assertThat(commands).as("commands run after the cleanup at shutdown").isEmpty();
        assertThat(scripts).noneSatisfy(script -> assertThat(script).contains("add table"));
    }

    private NatReconciler reconcilerFor(GatewaySettings settings) {
        CurrentModel model = new CurrentModel(Events.none(), registry);
        model.rebuild(settings, Map.of());
        return new NatReconciler(model, registry, fakeNft, NatReconciler.MIN_INTERVAL);
    }

    private static GatewaySettings settings() {
        return settings(Map.of());
    }

    private static GatewaySettings settings(Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "gateway.dns.upstreams[0]", "127.0.0.53",
                "gateway.nat.backend", "nftables",
                "gateway.offices.hq.cidrs[0]", "10.1.3.0/24",
                "gateway.clusters.old.dns[0]", "10.96.0.10",
                "gateway.clusters.old.pod-cidrs[0]", "10.200.0.0/16"));
        properties.putAll(extra);
        return TestSettings.validated(properties);
    }
}
