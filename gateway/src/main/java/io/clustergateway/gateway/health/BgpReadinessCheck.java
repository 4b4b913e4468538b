package io.clustergateway.gateway.health;

import io.clustergateway.gateway.bgp.BgpAnnouncer;
import io.clustergateway.gateway.bgp.BgpStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * BGP's part of readiness: down only while BIRD is not running (the gateway then announces nothing, and a restart
 * is under way). Sessions that are not established do not make it unready, since DNS and forwarding still work for
 * clients that use this node directly; they are in the data: {@code sessions}, {@code announced}, {@code withdrawn}.
 */
@Readiness
@ApplicationScoped
public class BgpReadinessCheck implements HealthCheck {
    private final BgpAnnouncer announcer;

    public BgpReadinessCheck(BgpAnnouncer announcer) {
        this.announcer = announcer;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("bgp");
        if (!announcer.settings().enabled()) {
            return response.up().withData("enabled", false).build();
        }
        BgpStatus status = announcer.status();
        return response.status(status.speakerRunning())
                .withData("enabled", true)
                .withData("speaker", status.speakerRunning() ? "running" : "not running")
                .withData("sessions", status.sessions().stream()
                        .map(s -> s.neighbor().orElse(s.protocol()) + " " + s.bgpState()).collect(Collectors.joining(", ")))
                .withData("announced", status.plan().announced().stream()
                        .map(a -> a.prefix().toString()).collect(Collectors.joining(", ")))
                .withData("withdrawn", status.plan().withdrawn().stream()
                        .map(w -> w.prefix() + " (" + w.reason() + ")").collect(Collectors.joining(", ")))
                .build();
    }
}
