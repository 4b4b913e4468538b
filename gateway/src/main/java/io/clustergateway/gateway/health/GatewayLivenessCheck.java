package io.clustergateway.gateway.health;

import io.clustergateway.gateway.model.CurrentModel;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the process answers HTTP. Upstream or cluster outages are not a reason to restart the gateway
 * (a restart would drop its cache, the one thing still answering), so they only affect readiness.
 */
@Liveness
@ApplicationScoped
public class GatewayLivenessCheck implements HealthCheck {
    private final CurrentModel model;

    public GatewayLivenessCheck(CurrentModel model) {
        this.model = model;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("gateway").up()
                .withData("model", model.find().map(m -> "built " + m.builtAt()).orElse("starting"))
                .build();
    }
}
