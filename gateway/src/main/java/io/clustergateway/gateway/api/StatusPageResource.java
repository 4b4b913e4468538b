package io.clustergateway.gateway.api;

import io.clustergateway.dns.DnsCounters;
import io.clustergateway.dns.UpstreamStatus;
import io.clustergateway.gateway.bgp.BgpAnnouncer;
import io.clustergateway.gateway.config.Addresses;
import io.clustergateway.gateway.discovery.ClusterDiscovery;
import io.clustergateway.gateway.dns.GatewayDns;
import io.clustergateway.gateway.model.CurrentModel;
import io.clustergateway.gateway.model.GatewayModel;
import io.clustergateway.gateway.nat.NatReconciler;
import io.clustergateway.routing.ModelProblem;
import io.clustergateway.routing.publish.RouteFormat;
import io.clustergateway.routing.publish.RoutePublisher;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The page a person opens first: clusters and their DNS health, CIDRs, NAT state, routes, counters. */
@Path("/")
public class StatusPageResource {
    private final Template status;
    private final CurrentModel model;
    private final GatewayDns dns;
    private final NatReconciler reconciler;
    private final ClusterDiscovery discovery;
    private final BgpAnnouncer bgp;

    public StatusPageResource(Template status, CurrentModel model, GatewayDns dns, NatReconciler reconciler,
                              ClusterDiscovery discovery, BgpAnnouncer bgp) {
        this.discovery = discovery;
        this.bgp = bgp;
        this.status = status;
        this.model = model;
        this.dns = dns;
        this.reconciler = reconciler;
    }

    @TemplateData
    public record Upstream(String server, boolean healthy, String detail) {}

    @TemplateData
    public record RouteRow(String destination, String nextHop, String cluster) {}

    @TemplateData
    public record QueryRow(String route, String rcode, long count) {}

    @TemplateData
    public record Problem(String key, String value, String message) {}

    @TemplateData
    public record StatusView(Instant generatedAt, List<String> warnings, String nodeAddress, List<String> listen, boolean serving,
                             String upstreamsSource, List<Upstream> upstreams,
                             List<ClustersResource.ClusterView> clusters, List<Problem> problems,
                             NatResource.NatView nat, List<RouteRow> routes, String linuxRoutes,
                             List<QueryRow> queries, long totalQueries, long cacheHits, long cacheMisses,
                             long staleAnswers, String cacheHitRatio, BgpResource.BgpView bgp) {}

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Status page (HTML)")
    public TemplateInstance page() {
        return status.data("view", view());
    }

    StatusView view() {
        GatewayModel current = model.get();
        List<UpstreamStatus> health = dns.upstreamStatus();
        List<Upstream> upstreams = current.settings().dns().upstreams().stream().map(address -> health.stream()
                        .filter(s -> s.pool().equals("upstream") && s.address().equals(address)).findFirst()
                        .map(s -> new Upstream(Addresses.format(address), s.healthy(), s.healthy() ? "healthy"
                                : "down, " + s.consecutiveFailures() + " failures"
                                        + s.lastFailure().map(f -> " (" + f.word() + ")").orElse("")))
                        .orElse(new Upstream(Addresses.format(address), false, "no status yet")))
                .toList();
        DnsCounters counters = dns.counters();
        List<QueryRow> queries = new ArrayList<>();
        new TreeMap<>(counters.queriesByRouteAndRcode()).forEach((route, byRcode) ->
                new TreeMap<>(byRcode).forEach((rcode, count) -> queries.add(new QueryRow(route, rcode, count))));
        long total = queries.stream().mapToLong(QueryRow::count).sum();
        long lookups = counters.cacheHits() + counters.cacheMisses();
        String ratio = lookups == 0 ? "–" : String.format("%.0f%%", 100.0 * counters.cacheHits() / lookups);
        return new StatusView(Instant.now(), discovery.nodeTaintWarning().stream().toList(),
                current.settings().node().address().getHostAddress(),
                (dns.boundAddresses().isEmpty() ? current.settings().dns().listen() : dns.boundAddresses()).stream()
                        .map(Addresses::format).toList(),
                dns.isServing(), current.settings().dns().upstreamsSource(), upstreams,
                current.clusters().stream().map(c -> ClustersResource.ClusterView.of(c, health)).toList(),
                current.problems().stream().map(StatusPageResource::problem).toList(),
                NatResource.view(current, reconciler),
                current.publishedRoutes().stream().map(r -> new RouteRow(r.destination().toString(), r.nextHopText(),
                        r.cluster())).toList(),
                RoutePublisher.render(RouteFormat.LINUX, current.publishedRoutes()),
                queries, total, counters.cacheHits(), counters.cacheMisses(), counters.staleAnswers(), ratio,
                BgpResource.view(bgp.settings(), bgp.status()));
    }

    private static Problem problem(ModelProblem p) {
        return new Problem(p.key(), p.value(), p.message());
    }
}
