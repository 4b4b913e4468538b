package io.clustergateway.gateway.bgp;

import io.clustergateway.gateway.model.GatewayModel;
import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.bgp.Announcement;
import io.clustergateway.routing.publish.RoutePublisher;
import io.clustergateway.routing.publish.StaticRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What to announce now, and what not and why: each cluster's published prefixes while the path to it is up,
 * the anycast DNS /32 while DNS serves, nothing at all while the NAT rules are broken (traffic through this
 * gateway would reach the clusters unmasqueraded and find no way back).
 */
public record BgpPlan(List<Announcement> announced, List<Withdrawal> withdrawn) {
    public static final String DNS_OWNER = "dns";

    public BgpPlan {
        announced = List.copyOf(announced);
        withdrawn = List.copyOf(withdrawn);
    }

    /**
     * @param paths      each cluster's path state; a cluster missing here is not checked yet
     * @param dnsServing whether the DNS listener answers (on the anycast address among others)
     * @param natFailure the NAT reconciler's unrepaired failure, when there is one
     */
    public static BgpPlan compute(GatewayModel model, BgpSettings settings, Map<String, PathState> paths,
                                  boolean dnsServing, Optional<String> natFailure) {
        List<Announcement> announced = new ArrayList<>();
        List<Withdrawal> withdrawn = new ArrayList<>();
        // per cluster, never summarized across clusters: one cluster's prefixes must be withdrawable alone
        for (StaticRoute route : RoutePublisher.routes(model.network(), model.settings().node().address(), false)) {
            String owner = "cluster " + route.cluster();
            PathState path = paths.get(route.cluster());
            Optional<String> reason = natFailure.map(f -> "NAT rules out of sync: " + f)
                    .or(() -> path == null ? Optional.of("not checked yet")
                            : path.up() ? Optional.empty() : Optional.of("path down: " + path.reason()));
            add(announced, withdrawn, route.destination(), owner, reason);
        }
        settings.dnsAddress().ifPresent(address -> add(announced, withdrawn, Cidr.of(address, 32), DNS_OWNER,
                natFailure.map(f -> "NAT rules out of sync: " + f)
                        .or(() -> dnsServing ? Optional.empty() : Optional.of("DNS listener not serving"))));
        return new BgpPlan(announced, withdrawn);
    }

    /** Every prefix this gateway may announce, whatever their state now: what a peering router should accept. */
    public static List<Cidr> possiblePrefixes(GatewayModel model, BgpSettings settings) {
        BgpPlan all = compute(model, settings, Map.of(), true, Optional.empty());
        return Stream.concat(all.announced().stream().map(Announcement::prefix),
                all.withdrawn().stream().map(Withdrawal::prefix)).sorted().distinct().toList();
    }

    private static void add(List<Announcement> announced, List<Withdrawal> withdrawn, Cidr prefix, String owner,
                            Optional<String> reason) {
        if (reason.isPresent()) {
            withdrawn.add(new Withdrawal(prefix, owner, reason.get()));
        } else {
            announced.add(new Announcement(prefix, owner));
        }
    }
}
