package io.clustergateway.gateway.nat;

import io.clustergateway.gateway.model.CurrentModel;
import io.clustergateway.gateway.model.GatewayModel;
import io.clustergateway.gateway.model.ModelChanged;
import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.command.CommandRunner;
import io.clustergateway.routing.kernel.KernelRoutes;
import io.clustergateway.routing.nat.NatBackend;
import io.clustergateway.routing.nat.NatBackendKind;
import io.clustergateway.routing.nat.NatBackends;
import io.clustergateway.routing.nat.NatStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Keeps the NAT rules (and, with routes.manage-kernel, the kernel routes) equal to the current plan: at every
 * {@code nat.reconcile-interval} and whenever the model changes. A failed apply keeps the previous rules and is
 * shown on /api/v1/nat and the status page until a later reconcile succeeds.
 *
 * <p>Every command (nft, iptables, sysctl, ip) runs on one thread, the {@link SyncRunner} started by
 * {@link #start}: a model change only wakes it, so discovery's watch threads never wait on the kernel, and a
 * burst of changes is applied once. A failed reconcile is retried with backoff.
 */
@ApplicationScoped
public class NatReconciler {
    private static final Logger LOG = Logger.getLogger(NatReconciler.class);
    /** As kube-proxy's default minSyncPeriod: changes within it are applied together. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    private final CurrentModel model;
    private final MeterRegistry registry;
    private final CommandRunner runner;
    private final Duration minInterval;
    private volatile NatBackend backend;
    private volatile Optional<SyncRunner> worker = Optional.empty();
    private volatile NatState state = NatState.initial(NatBackendKind.NONE);
    /**
     * Set by {@link #cleanup()}: a reconcile after it (the interval, or a discovery change arriving during
     * shutdown) would re-create the table that nat.cleanup-on-shutdown has just removed.
     */
    private boolean stopped;

    @Inject
    public NatReconciler(CurrentModel model, MeterRegistry registry) {
        this(model, registry, CommandRunner.local(), MIN_INTERVAL);
    }

    /**
     * With the commands run elsewhere: tests pass a runner that fails like a broken nft would.
     *
     * @param minInterval the shortest time between two reconciles started by model changes
     */
    NatReconciler(CurrentModel model, MeterRegistry registry, CommandRunner runner, Duration minInterval) {
        this.model = model;
        this.registry = registry;
        this.runner = runner;
        this.minInterval = minInterval;
    }

    public NatBackend backend() {
        NatBackend current = backend;
        if (current == null) {
            current = NatBackends.create(model.get().settings().nat().backend(), runner);
            backend = current;
        }
        return current;
    }

    public NatState state() {
        return state;
    }

    /**
     * Starts the reconcile thread on the current model: it reconciles at once, then on every change and at least
     * every {@code nat.reconcile-interval}.
     */
    public synchronized void start() {
        if (worker.isPresent() || stopped) {
            return;
        }
        SyncRunner runner = new SyncRunner("nat-reconcile", why -> reconcile(why).healthy(), minInterval,
                model.get().settings().nat().reconcileInterval());
        worker = Optional.of(runner);
        runner.start();
    }

    /**
     * Waits (at most a minute: each command has a 10 s timeout) for the first reconcile, so that the rules are in
     * place, or the failure is known, when the gateway reports started, as kube-proxy syncs once before it serves.
     */
    public void awaitFirstReconcile() {
        Duration timeout = Duration.ofSeconds(60);
        Optional<SyncRunner> current = worker;
        try {
            if (current.isPresent() && !current.get().awaitFirstRun(timeout)) {
                LOG.warnf("the first NAT reconcile has not finished after %s; starting anyway", timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs on the thread that changed the model (a discovery watch): only logs and wakes the reconcile thread. */
    void onModelChanged(@Observes ModelChanged event) {
        boolean planChanged = event.previous().map(p -> !p.natPlan().equals(event.current().natPlan())
                || !p.kernelRoutes().equals(event.current().kernelRoutes())).orElse(true);
        if (planChanged) {
            event.previous().ifPresent(p -> p.natPlan().diff(event.current().natPlan()).lines()
                    .forEach(line -> LOG.infof("NAT plan change: %s", line)));
            worker.ifPresent(w -> w.wake("model change"));
        }
    }

    /** Inspect, repair drift, reconcile kernel routes; returns the new state. Runs on the reconcile thread. */
    synchronized NatState reconcile(String why) {
        if (stopped) {
            LOG.debugf("NAT reconcile (%s) skipped: the gateway is shutting down", why);
            return state;
        }
        GatewayModel current = model.get();
        NatBackend nat = backend();
        Instant now = Instant.now();
        NatState previous = state;
        Optional<String> error = Optional.empty();
        boolean inSync = previous.inSync();
        List<String> drift = previous.drift();
        boolean forwarding = previous.forwardingEnabled();
        Optional<Instant> lastApply = previous.lastApply();
        String result;
        try {
            NatStatus status = nat.inspect(current.natPlan());
            drift = status.drift();
            forwarding = status.forwardingEnabled();
            if (status.inSync()) {
                inSync = true;
                result = "in-sync";
            } else {
                status.drift().forEach(line -> LOG.warnf("NAT drift (%s): %s", why, line));
                counter("gateway.nat.drift", "Drift lines found between live NAT rules and the plan")
                        .increment(status.drift().size());
                nat.apply(current.natPlan());
                lastApply = Optional.of(now);
                inSync = true;
                result = "repaired";
                LOG.infof("NAT rules applied (%s): %d rules via %s", why, current.natPlan().rules().size(), nat.kind());
            }
        } catch (CommandException | RuntimeException e) {
            error = Optional.of(e.getMessage());
            inSync = false;
            result = "failed";
            LOG.errorf("NAT reconcile (%s) failed, previous rules kept: %s", why, e.getMessage());
        }
        Optional<String> kernelError = reconcileKernelRoutes(current, why);
        registry.counter("gateway.nat.reconciles", "result", result).increment();
        state = new NatState(nat.kind(), inSync, drift, forwarding, error, kernelError, Optional.of(now), lastApply,
                previous.reconciles() + 1);
        return state;
    }

    private Optional<String> reconcileKernelRoutes(GatewayModel current, String why) {
        if (!current.settings().routes().manageKernel()) {
            return Optional.empty();
        }
        try {
            new KernelRoutes(runner).reconcile(current.kernelRoutes());
            return Optional.empty();
        } catch (CommandException | RuntimeException e) {
            LOG.errorf("kernel routes (%s) failed: %s", why, e.getMessage());
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Stops the reconcile thread (a reconcile in progress finishes), then removes our rules
     * (nat.cleanup-on-shutdown) and, when managed, our kernel routes; no reconcile runs after it.
     */
    public void stop() {
        worker.ifPresent(SyncRunner::close);
        cleanup();
    }

    /** The removal part of {@link #stop}; synchronized with {@link #reconcile}. */
    synchronized void cleanup() {
        stopped = true;
        GatewayModel current = model.get();
        try {
            if (current.settings().nat().cleanupOnShutdown()) {
                backend().remove();
                LOG.info("NAT rules removed (nat.cleanup-on-shutdown)");
            }
            if (current.settings().routes().manageKernel() && current.settings().nat().cleanupOnShutdown()) {
                new KernelRoutes(runner).removeAll();
            }
        } catch (CommandException | RuntimeException e) {
            LOG.errorf("cleanup on shutdown failed: %s", e.getMessage());
        }
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }
}
