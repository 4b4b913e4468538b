package io.clustergateway.gateway.api;

import io.clustergateway.gateway.model.CurrentModel;
import io.clustergateway.routing.publish.RouteFormat;
import io.clustergateway.routing.publish.RoutePublisher;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The static routes office routers need, in the syntax of the router at hand. */
@Path("/api/v1/routes")
public class RoutesResource {
    private final CurrentModel model;

    public RoutesResource(CurrentModel model) {
        this.model = model;
    }

    @GET
    @Produces({"application/json", "text/plain"})
    @Operation(summary = "Published routes: every cluster CIDR via the node address",
            description = "format: linux, cisco-ios, junos, mikrotik, vyos, windows, macos, json (default), dhcp-option-121")
    public Response routes(@QueryParam("format") @DefaultValue("json") String format) {
        RouteFormat routeFormat = RouteFormat.fromId(format).orElseThrow(() -> new UnknownValueException(
                "unknown route format \"" + format + "\"; accepted: " + RouteFormat.acceptedIds(),
                Arrays.stream(RouteFormat.values()).map(RouteFormat::id).toList()));
        String body = RoutePublisher.render(routeFormat, model.get().publishedRoutes());
        return Response.ok(body, routeFormat.mediaType() + (routeFormat == RouteFormat.JSON ? "" : ";charset=UTF-8"))
                .build();
    }
}
