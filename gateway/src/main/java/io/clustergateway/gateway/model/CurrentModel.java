package io.clustergateway.gateway.model;

import io.clustergateway.gateway.config.GatewaySettings;
import io.clustergateway.gateway.discovery.DiscoveredCluster;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/** The one current {@link GatewayModel}; replacing it tells DNS and the reconciler through {@link ModelChanged}. */
@ApplicationScoped
public class CurrentModel {
    private static final Logger LOG = Logger.getLogger(CurrentModel.class);

    private final AtomicReference<GatewayModel> model = new AtomicReference<>();
    private final Event<ModelChanged> changed;
    private final Counter disagreementsSeen;
    private final Clock clock = Clock.systemUTC();

    public CurrentModel(Event<ModelChanged> changed, MeterRegistry registry) {
        this.changed = changed;
        this.disagreementsSeen = Counter.builder("gateway.config.disagreements.seen")
                .description("Disagreements between configuration and discovery, counted when first seen")
                .register(registry);
        Gauge.builder("gateway.config.disagreements", model,
                        m -> m.get() == null ? 0 : m.get().disagreements().size())
                .description("Current disagreements between configured and discovered values")
                .register(registry);
    }

    /** @throws IllegalStateException before the gateway has started */
    public GatewayModel get() {
        GatewayModel current = model.get();
        if (current == null) {
            throw new IllegalStateException("the gateway has not started yet");
        }
        return current;
    }

    public Optional<GatewayModel> find() {
        return Optional.ofNullable(model.get());
    }

    /** Builds the model from the settings and what discovery knows now, and makes it current. */
    public synchronized GatewayModel rebuild(GatewaySettings settings, Map<String, DiscoveredCluster> discovered) {
        GatewayModel next = ModelBuilder.build(settings, discovered, clock.instant());
        GatewayModel previous = model.getAndSet(next);
        report(previous, next);
        changed.fire(new ModelChanged(Optional.ofNullable(previous), next));
        return next;
    }

    private void report(GatewayModel previous, GatewayModel next) {
        Set<String> known = new HashSet<>();
        if (previous != null) {
            previous.disagreements().forEach(d -> known.add(d.describe()));
            previous.problems().forEach(p -> known.add(p.toString()));
        }
        for (Disagreement disagreement : next.disagreements()) {
            if (known.add(disagreement.describe())) {
                LOG.warn(disagreement.describe());
                disagreementsSeen.increment();
            }
        }
        next.problems().stream().filter(p -> known.add(p.toString()))
                .forEach(p -> LOG.warnf("discovered values conflict: %s", p));
    }
}
