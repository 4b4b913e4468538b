package io.clustergateway.gateway.api;

import io.clustergateway.gateway.bgp.BgpAnnouncer;
import io.clustergateway.gateway.bgp.BgpSettings;
import io.clustergateway.gateway.bgp.BgpStatus;
import io.clustergateway.gateway.bgp.PathState;
import io.clustergateway.routing.bgp.BgpPeering;
import io.clustergateway.routing.bgp.BgpSessionStatus;
import io.quarkus.qute.TemplateData;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The BGP speaker: sessions, what is announced, what is withdrawn and why, and each cluster's path. */
@Path("/api/v1/bgp")
public class BgpResource {
    private final BgpAnnouncer announcer;

    public BgpResource(BgpAnnouncer announcer) {
        this.announcer = announcer;
    }

    @TemplateData
    public record Session(String neighbor, String state, boolean established, String since, int exported,
                          String lastError) {
        static Session of(BgpSessionStatus session) {
            return new Session(session.neighbor().orElse(session.protocol()), session.bgpState(), session.established(),
                    session.since(), session.exported(), session.lastError().orElse(null));
        }
    }

    @TemplateData
    public record Prefix(String prefix, String owner, String withdrawnBecause) {}

    @TemplateData
    public record ClusterPath(boolean up, String reason, Instant since) {
        static ClusterPath of(PathState state) {
            return new ClusterPath(state.up(), state.reason().isEmpty() ? null : state.reason(), state.since());
        }
    }

    @TemplateData
    public record BgpView(boolean enabled, Long localAs, String routerId, String nextHop, String dnsAddress,
                          boolean bfd, long holdTimeSeconds, boolean speakerRunning, Long speakerPid,
                          long speakerRestarts, String speakerError, List<Session> sessions, List<Prefix> announced,
                          List<Prefix> withdrawn, Map<String, ClusterPath> paths, Instant lastCheck) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "BGP sessions and their state, announced prefixes, withdrawn ones with the reason, cluster paths")
    public BgpView bgp() {
        return view(announcer.settings(), announcer.status());
    }

    static BgpView view(BgpSettings settings, BgpStatus status) {
        if (!settings.enabled()) {
            return new BgpView(false, null, null, null, null, false, 0, false, null, 0, null, List.of(), List.of(),
                    List.of(), Map.of(), null);
        }
        BgpPeering peering = settings.peering().orElseThrow();
        Map<String, ClusterPath> paths = new TreeMap<>();
        status.paths().forEach((cluster, state) -> paths.put(cluster, ClusterPath.of(state)));
        return new BgpView(true, peering.localAs(), peering.routerId().getHostAddress(),
                peering.localAddress().getHostAddress(), settings.dnsAddress().map(a -> a.getHostAddress()).orElse(null),
                peering.bfd(), peering.holdSeconds(), status.speakerRunning(), status.speakerPid().orElse(null),
                status.restarts(), status.speakerError().orElse(null),
                status.sessions().stream().map(Session::of).toList(),
                status.plan().announced().stream().map(a -> new Prefix(a.prefix().toString(), a.owner(), null)).toList(),
                status.plan().withdrawn().stream().map(w -> new Prefix(w.prefix().toString(), w.owner(), w.reason())).toList(),
                paths, status.lastCheck().orElse(null));
    }
}
