package io.clustergateway.gateway.api;

import io.clustergateway.gateway.model.GatewayModel;
import io.clustergateway.gateway.model.CurrentModel;
import io.clustergateway.gateway.nat.NatReconciler;
import io.clustergateway.gateway.nat.NatState;
import io.clustergateway.routing.NatRule;
import io.clustergateway.routing.kernel.KernelRoute;
import io.quarkus.qute.TemplateData;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The NAT plan, what the backend would feed the kernel, and whether the live rules match. */
@Path("/api/v1/nat")
public class NatResource {
    private final CurrentModel model;
    private final NatReconciler reconciler;

    public NatResource(CurrentModel model, NatReconciler reconciler) {
        this.model = model;
        this.reconciler = reconciler;
    }

    @TemplateData
    public record Rule(String sourceName, String source, String destinationName, String destination,
                       String translation, String comment) {
        static Rule of(NatRule rule) {
            return new Rule(rule.sender().id(), rule.source().toString(), rule.receiver().id(),
                    rule.destination().toString(), rule.translation().toString(), rule.comment());
        }
    }

    @TemplateData
    public record Route(String destination, String via) {
        static Route of(KernelRoute route) {
            return new Route(route.destination().toString(), route.via().getHostAddress());
        }
    }

    @TemplateData
    public record NatView(String backend, List<Rule> rules, String ruleset, boolean inSync, List<String> drift,
                          boolean forwardingEnabled, String lastError, Instant lastCheck, Instant lastApply,
                          boolean manageKernelRoutes, List<Route> kernelRoutes, String kernelRoutesError) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "NAT plan, rendered ruleset, live state (inSync, drift lines) and the last error")
    public NatView nat() {
        return view(model.get(), reconciler);
    }

    static NatView view(GatewayModel current, NatReconciler reconciler) {
        NatState state = reconciler.state();
        return new NatView(state.backend().name().toLowerCase(Locale.ROOT),
                current.natPlan().rules().stream().map(Rule::of).toList(),
                reconciler.backend().render(current.natPlan()),
                state.inSync(), state.drift(), state.forwardingEnabled(), state.lastError().orElse(null),
                state.lastCheck().orElse(null), state.lastApply().orElse(null),
                current.settings().routes().manageKernel(),
                current.kernelRoutes().stream().map(Route::of).toList(), state.kernelRoutesError().orElse(null));
    }
}
