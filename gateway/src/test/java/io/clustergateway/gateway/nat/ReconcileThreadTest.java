package io.clustergateway.gateway.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.clustergateway.gateway.config.GatewaySettings;
import io.clustergateway.gateway.discovery.DiscoveredCluster;
import io.clustergateway.gateway.model.CurrentModel;
import io.clustergateway.gateway.testsupport.Events;
import io.clustergateway.gateway.testsupport.TestSettings;
import io.clustergateway.routing.command.CommandResult;
import io.clustergateway.routing.command.CommandRunner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kernel is changed from one thread only: a model change (what a discovery watch causes) wakes the reconcile
 * thread and returns; a burst of changes is applied far fewer times than it has changes, the last one included.
 * nft, sysctl and ip are a recording command runner that answers as a working nft does for a table not there yet.
 */
class ReconcileThreadTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration MIN_INTERVAL = Duration.ofMillis(200);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Command> commands = new CopyOnWriteArrayList<>();
    private final CountDownLatch nftMayAnswer = new CountDownLatch(1);
    private volatile boolean nftHangs;
    private NatReconciler reconciler;

    private record Command(String thread, List<String> argv, String stdin) {
        boolean isApply() {
            return argv.contains("-f");
        }
    }

    private final CommandRunner recordingNft = (argv, stdin) -> {
        commands.add(new Command(Thread.currentThread().getName(), argv, stdin == null ? "" : stdin));
        if (nftHangs) {
            awaitRelease();
        }
        if (argv.get(0).equals("sysctl")) {
            return new CommandResult(argv, 0, "1\n", "");
        }
        if (argv.contains("list")) {
            return new CommandResult(argv, 1, "", "Error: No such file or directory\nlist table ip cluster_gateway");
        }
        return new CommandResult(argv, 0, "", "");
    };

    private final CurrentModel model = new CurrentModel(Events.to(event -> reconciler.onModelChanged(event)), registry);

    @AfterEach
    void stop() {
        nftMayAnswer.countDown();
        if (reconciler != null) {
            reconciler.stop();
        }
    }

    @Test
    void aBurstOfModelChangesIsAppliedFarFewerTimesThanItHasChanges() {
        GatewaySettings settings = settings();
        start(settings);
        await().atMost(WAIT).until(() -> reconciler.state().reconciles() == 1);
        int commandsOfFirstReconcile = commands.size();
        // the first change starts a reconcile whose nft stays busy while the other changes arrive (on a loaded
        // machine a burst may well outlast the min interval; this makes the test independent of that)
        nftHangs = true;
        model.rebuild(settings, discoveredPods("10.100.0.0/24"));
        await().atMost(WAIT).until(() -> commands.size() > commandsOfFirstReconcile);

        int changes = 100;
        for (int i = 1; i < changes; i++) {
            model.rebuild(settings, discoveredPods("10.100." + i + ".0/24"));
        }
        nftMayAnswer.countDown();

        await().atMost(WAIT).untilAsserted(() -> assertThat(lastAppliedScript()).contains("10.100.99.0/24"));
        assertThat(applies() - 1).as("applies for %d model changes", changes).isBetween(1L, 2L);
        assertThat(commands).extracting(Command::thread).containsOnly("nat-reconcile");
    }

    @Test
    void aDiscoveryChangeReturnsWithoutRunningACommandWhileNftHangs() {
        GatewaySettings settings = settings();
        nftHangs = true;
        start(settings);
        await().atMost(WAIT).until(() -> !commands.isEmpty());

        // what the observer of a discovery event does, on the watch thread
        assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> model.rebuild(settings, discoveredPods("10.100.7.0/24")));

        assertThat(commands).as("commands run while nft hangs").hasSize(1);
        nftMayAnswer.countDown();
        await().atMost(WAIT).untilAsserted(() -> assertThat(lastAppliedScript()).contains("10.100.7.0/24"));
        assertThat(commands).extracting(Command::thread).containsOnly("nat-reconcile");
    }

    private void start(GatewaySettings settings) {
        reconciler = new NatReconciler(model, registry, recordingNft, MIN_INTERVAL);
        model.rebuild(settings, Map.of());
        reconciler.start();
    }

    private long applies() {
        return commands.stream().filter(Command::isApply).count();
    }

    private String lastAppliedScript() {
        return commands.stream().filter(Command::isApply).reduce((first, second) -> second).map(Command::stdin)
                .orElse("");
    }

    private void awaitRelease() {
        try {
            nftMayAnswer.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, DiscoveredCluster> discoveredPods(String cidr) {
        return Map.of("lab", new DiscoveredCluster("lab", Optional.empty(), List.of(cidr), List.of(), "nodes", "",
                true, Optional.empty(), Instant.now()));
    }

    private static GatewaySettings settings() {
        return TestSettings.validated(Map.of(
                "gateway.dns.upstreams[0]", "127.0.0.53",
                "gateway.nat.backend", "nftables",
                "gateway.offices.hq.cidrs[0]", "10.1.3.0/24",
                "gateway.clusters.lab.kubernetes.enabled", "true"));
    }
}
