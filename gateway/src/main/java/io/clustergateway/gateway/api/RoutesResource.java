package io.clustergateway.gateway.api;

import io.clustergateway.gateway.bgp.BgpAnnouncer;
import io.clustergateway.gateway.bgp.BgpPlan;
import io.clustergateway.gateway.bgp.BgpSettings;
import io.clustergateway.gateway.model.CurrentModel;
import io.clustergateway.routing.publish.RouteFormat;
import io.clustergateway.routing.publish.RoutePublisher;
import io.clustergateway.routing.publish.RouterPeerings;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The static routes office routers need, in the syntax of the router at hand. */
@Path("/api/v1/routes")
public class RoutesResource {
    private final CurrentModel model;
    private final BgpAnnouncer bgp;

    public RoutesResource(CurrentModel model, BgpAnnouncer bgp) {
        this.model = model;
        this.bgp = bgp;
    }

    @GET
    @Produces({"application/json", "text/plain"})
    @Operation(summary = "Published routes: every cluster CIDR via the node address",
            description = "format: linux, cisco-ios, junos, mikrotik, vyos, windows, macos, json (default), dhcp-option-121;"
                    + " bird, frr: a BGP neighbor block for a router that peers with this gateway (gateway.bgp)")
    public Response routes(@QueryParam("format") @DefaultValue("json") String format) {
        RouteFormat routeFormat = RouteFormat.fromId(format).orElseThrow(() -> new UnknownValueException(
                "unknown route format \"" + format + "\"; accepted: " + RouteFormat.acceptedIds(),
                Arrays.stream(RouteFormat.values()).map(RouteFormat::id).toList()));
        String body = routeFormat.isPeering() ? peering(routeFormat)
                : RoutePublisher.render(routeFormat, model.get().publishedRoutes());
        return Response.ok(body, routeFormat.mediaType() + (routeFormat == RouteFormat.JSON ? "" : ";charset=UTF-8"))
                .build();
    }

    /** The router's side of the BGP peering; without gateway.bgp there is nothing to peer with. */
    private String peering(RouteFormat format) {
        BgpSettings settings = bgp.settings();
        if (!settings.enabled()) {
            throw new UnknownValueException("route format \"" + format.id() + "\" is a BGP peering, and BGP is off"
                    + " (gateway.bgp.enabled=false); static formats: " + staticIds(), staticIds());
        }
        return RouterPeerings.render(format, BgpPlan.possiblePrefixes(model.get(), settings), settings.peering().orElseThrow());
    }

    private static List<String> staticIds() {
        return Arrays.stream(RouteFormat.values()).filter(f -> !f.isPeering()).map(RouteFormat::id).toList();
    }
}
