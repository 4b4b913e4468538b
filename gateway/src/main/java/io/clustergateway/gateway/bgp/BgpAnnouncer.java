package io.clustergateway.gateway.bgp;

import io.clustergateway.gateway.dns.GatewayDns;
import io.clustergateway.gateway.model.CurrentModel;
import io.clustergateway.gateway.model.EffectiveCluster;
import io.clustergateway.gateway.model.GatewayModel;
import io.clustergateway.gateway.nat.NatReconciler;
import io.clustergateway.gateway.nat.NatState;
import io.clustergateway.routing.bgp.BgpNeighbor;
import io.clustergateway.routing.bgp.BgpPeering;
import io.clustergateway.routing.bgp.BgpSessionStatus;
import io.clustergateway.routing.bgp.BirdConfig;
import io.clustergateway.routing.bgp.BirdSpeaker;
import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.command.CommandRunner;
import io.clustergateway.routing.nat.NatBackendKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Runs the BGP speaker and keeps what it announces equal to {@link BgpPlan}: one thread checks the path to every
 * cluster each second, computes the plan, reconfigures BIRD when the rendering changed, restarts BIRD when it
 * died, and reads its sessions back for the API, the status page and the metrics.
 *
 * <p>Timing: a check starts every {@link #CHECK_INTERVAL} (at a fixed rate, so a probe that times out does not
 * push the next one back), each probe gives up after {@link #PROBE_TIMEOUT}; a path goes down after
 * {@link PathState#DOWN_AFTER} failed probes, so a cluster's prefixes are withdrawn within
 * 2 × 1 s + 0.5 s + the reconfiguration (milliseconds) of the break, under the 3 s operators are promised.
 */
@ApplicationScoped
public class BgpAnnouncer {
    private static final Logger LOG = Logger.getLogger(BgpAnnouncer.class);
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

    private final CurrentModel model;
    private final GatewayDns dns;
    private final NatReconciler nat;
    private final MeterRegistry registry;
    private final CommandRunner host = CommandRunner.local();
    private final Clock clock = Clock.systemUTC();
    private final PathProbe probe;
    private final Counter restarts;
    private volatile BgpSettings settings = BgpSettings.disabled();
    private volatile BgpStatus status = BgpStatus.initial();
    private ScheduledExecutorService worker;
    private ExecutorService probes;
    private BirdSpeaker speaker;
    private Path stateDir;
    private boolean temporaryStateDir;
    private boolean dnsAddressAdded;
    private String appliedConfig;
    private final Map<String, PathState> paths = new HashMap<>();
    private volatile boolean speakerDied;
    private volatile boolean stopping;

    @Inject
    public BgpAnnouncer(CurrentModel model, GatewayDns dns, NatReconciler nat, MeterRegistry registry) {
        this.model = model;
        this.dns = dns;
        this.nat = nat;
        this.registry = registry;
        this.probe = new ReachabilityProbe(PROBE_TIMEOUT);
        this.restarts = Counter.builder("gateway.bgp.speaker.restarts")
                .description("Times the BGP speaker (BIRD) died and was started again").register(registry);
        Gauge.builder("gateway.bgp.sessions.established", this, a -> a.status.establishedSessions())
                .description("BGP sessions in state Established").register(registry);
        Gauge.builder("gateway.bgp.prefixes.announced", this, a -> a.status.plan().announced().size())
                .description("Prefixes this gateway announces now").register(registry);
        Gauge.builder("gateway.bgp.prefixes.withdrawn", this, a -> a.status.plan().withdrawn().size())
                .description("Prefixes this gateway would announce but withdrew (path down, DNS down, NAT broken)")
                .register(registry);
    }

    public BgpSettings settings() {
        return settings;
    }

    public BgpStatus status() {
        return status;
    }

    /**
     * Puts the anycast address on lo (before DNS starts, so the listener binds it), starts BIRD announcing nothing,
     * and starts the checks; the first one runs at once.
     *
     * @throws IllegalStateException naming the failed command when BIRD cannot start
     */
    public synchronized void start(BgpSettings bgp) {
        settings = bgp;
        if (!bgp.enabled()) {
            return;
        }
        BgpPeering peering = bgp.peering().orElseThrow();
        for (BgpNeighbor neighbor : peering.neighbors()) {
            Gauge.builder("gateway.bgp.session.up", this, a -> a.sessionUp(neighbor) ? 1 : 0)
                    .tag("neighbor", neighbor.address().getHostAddress())
                    .description("1 while the BGP session with this neighbor is Established").register(registry);
        }
        try {
            addDnsAddress(bgp);
            stateDir = bgp.stateDir().orElse(null);
            if (stateDir == null) {
                stateDir = Files.createTempDirectory("cluster-gateway-bgp-");
                temporaryStateDir = true;
            }
            speaker = new BirdSpeaker(bgp.binaries(), stateDir, List.of(), host);
            appliedConfig = BirdConfig.render(peering, List.of());
            speaker.start(appliedConfig, this::speakerDied);
        } catch (CommandException | IOException e) {
            throw new IllegalStateException("BGP speaker could not start: " + e.getMessage(), e);
        }
        probes = Executors.newFixedThreadPool(4, daemon("bgp-path-probe"));
        worker = Executors.newSingleThreadScheduledExecutor(daemon("bgp-announcer"));
        worker.scheduleAtFixedRate(this::checkSafely, 0, CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("BGP: AS %d, router id %s, next hop %s, neighbors %s%s", peering.localAs(),
                peering.routerId().getHostAddress(), peering.localAddress().getHostAddress(),
                peering.neighbors().stream().map(n -> n.address().getHostAddress() + " AS " + n.remoteAs()).toList(),
                bgp.dnsAddress().map(a -> ", anycast DNS " + a.getHostAddress()).orElse(""));
    }

    /** BIRD stops with a Cease to every neighbor: routers withdraw this gateway at once, not after the hold time. */
    public void stop() {
        if (!settings.enabled()) {
            return;
        }
        stopping = true;
        // not under the lock: the check the worker may be running needs it to finish
        if (worker != null) {
            worker.shutdownNow();
            probes.shutdownNow();
            try {
                worker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            closeSpeaker();
        }
    }

    private void closeSpeaker() {
        if (speaker != null) {
            speaker.close();
        }
        removeDnsAddress();
        deleteTemporaryStateDir();
        status = new BgpStatus(false, Optional.empty(), status.restarts(), Optional.of("stopped"), List.of(),
                new BgpPlan(List.of(), List.of()), status.paths(), status.lastCheck());
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            // the schedule must survive anything one round throws, or withdrawal would silently stop
            LOG.errorf(e, "BGP check failed");
        }
    }

    private synchronized void check() {
        Optional<GatewayModel> current = model.find();
        if (current.isEmpty() || speaker == null || stopping) {
            return;
        }
        GatewayModel gatewayModel = current.get();
        updatePaths(gatewayModel);
        BgpPlan plan = BgpPlan.compute(gatewayModel, settings, paths, dns.isServing(), natFailure());
        logPlanChange(status.plan(), plan);
        String config = BirdConfig.render(settings.peering().orElseThrow(), plan.announced());
        Optional<String> error = Optional.empty();
        try {
            if (speakerDied || !speaker.running()) {
                restart(config);
            } else if (!config.equals(appliedConfig)) {
                speaker.configure(config);
                appliedConfig = config;
            }
        } catch (CommandException e) {
            error = Optional.of(e.getMessage());
            if (!Optional.of(e.getMessage()).equals(status.speakerError())) {
                LOG.errorf("BGP speaker: %s", e.getMessage());
            }
        }
        List<BgpSessionStatus> sessions = List.of();
        if (speaker.running()) {
            try {
                sessions = speaker.sessions();
            } catch (CommandException e) {
                error = error.or(() -> Optional.of(e.getMessage()));
            }
        }
        logSessionChanges(status.sessions(), sessions);
        status = new BgpStatus(speaker.running(), speaker.pid(), (long) restarts.count(), error, sessions, plan,
                paths, Optional.of(clock.instant()));
    }

    private void restart(String config) throws CommandException {
        speaker.stop();
        speakerDied = false;
        restarts.increment();
        LOG.warnf("BGP speaker: starting BIRD again (restart %d)", (long) restarts.count());
        speaker.start(config, this::speakerDied);
        appliedConfig = config;
    }

    private void speakerDied(String why) {
        // called on BIRD's exit watcher: the next check, a second away at most, restarts it
        speakerDied = true;
    }

    /** Probes every cluster at once, so one slow cluster does not delay another's withdrawal. */
    private void updatePaths(GatewayModel gatewayModel) {
        Map<String, CompletableFuture<ProbeResult>> running = new HashMap<>();
        for (EffectiveCluster cluster : gatewayModel.clusters()) {
            running.put(cluster.name(), CompletableFuture.supplyAsync(() -> probe.probe(cluster), probes));
        }
        paths.keySet().retainAll(running.keySet());
        running.forEach((name, result) -> {
            ProbeResult outcome = result.join();
            PathState before = paths.getOrDefault(name, PathState.unchecked(clock.instant()));
            PathState after = before.after(outcome, clock.instant());
            if (after.up() != before.up() || !before.checked()) {
                if (after.up()) {
                    LOG.infof("BGP: path to cluster %s is up", name);
                } else {
                    LOG.warnf("BGP: path to cluster %s is down: %s", name, after.reason());
                }
            }
            paths.put(name, after);
        });
    }

    private Optional<String> natFailure() {
        NatState state = nat.state();
        if (state.backend() == NatBackendKind.NONE || state.inSync() || state.lastError().isEmpty()) {
            return Optional.empty();
        }
        return state.lastError();
    }

    private static void logPlanChange(BgpPlan before, BgpPlan after) {
        before.announced().stream().filter(a -> !after.announced().contains(a)).forEach(a -> LOG.infof(
                "BGP: withdrawing %s (%s): %s", a.prefix(), a.owner(), after.withdrawn().stream()
                        .filter(w -> w.prefix().equals(a.prefix())).map(Withdrawal::reason).findFirst()
                        .orElse("no longer configured")));
        after.announced().stream().filter(a -> !before.announced().contains(a))
                .forEach(a -> LOG.infof("BGP: announcing %s (%s)", a.prefix(), a.owner()));
    }

    private static void logSessionChanges(List<BgpSessionStatus> before,
                                          List<BgpSessionStatus> after) {
        for (var session : after) {
            boolean wasEstablished = before.stream().anyMatch(b -> b.protocol().equals(session.protocol()) && b.established());
            if (session.established() != wasEstablished) {
                LOG.infof("BGP: session with %s is %s", session.neighbor().orElse(session.protocol()),
                        session.established() ? "Established" : session.bgpState()
                                + session.lastError().map(e -> " (" + e + ")").orElse(""));
            }
        }
    }

    private boolean sessionUp(BgpNeighbor neighbor) {
        String name = BirdConfig.protocolName(neighbor);
        return status.sessions().stream().anyMatch(s -> s.protocol().equals(name) && s.established());
    }

    private void addDnsAddress(BgpSettings bgp) throws CommandException {
        if (bgp.dnsAddress().isPresent()) {
            host.run("ip", "addr", "replace", bgp.dnsAddress().get().getHostAddress() + "/32", "dev", "lo");
            dnsAddressAdded = true;
        }
    }

    private void removeDnsAddress() {
        if (!dnsAddressAdded) {
            return;
        }
        try {
            host.run("ip", "addr", "del", settings.dnsAddress().orElseThrow().getHostAddress() + "/32", "dev", "lo");
            dnsAddressAdded = false;
        } catch (CommandException e) {
            LOG.warnf("could not remove the anycast DNS address from lo: %s", e.getMessage());
        }
    }

    private void deleteTemporaryStateDir() {
        if (!temporaryStateDir || stateDir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("could not delete %s: %s", stateDir, e.getMessage());
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
