package io.clustergateway.routing.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.command.CommandRunner;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes into clusters that this host should have ({@code routes.manage-kernel}). Ours carry a routing
 * protocol number of their own, so the gateway lists, replaces and deletes exactly its routes and never one an
 * operator, DHCP or a routing daemon installed, even for the same destination.
 */
public final class KernelRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(KernelRoutes.class);

    /**
     * The {@code proto} tag of our routes. 0-4 and 8-19 are taken by the kernel and well-known daemons (boot,
     * static, ra, dhcp, zebra, bird, ...; see /etc/iproute2/rt_protos and rt_protos.d); 200 is unassigned and
     * above what daemons use, so a route with it is ours.
     */
    public static final int ROUTE_PROTOCOL = 200;


    private final CommandRunner runner;

    public KernelRoutes(CommandRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    /** Our routes (protocol {@value #ROUTE_PROTOCOL}) in the main table, IPv4 then IPv6. */
    public List<KernelRoute> current() throws CommandException {
        List<KernelRoute> routes = new ArrayList<>();
        routes.addAll(parse(runner.run("ip", "-4", "-j", "route", "show", "proto", String.valueOf(ROUTE_PROTOCOL)).stdout(), false));
        routes.addAll(parse(runner.run("ip", "-6", "-j", "route", "show", "proto", String.valueOf(ROUTE_PROTOCOL)).stdout(), true));
        return List.copyOf(routes);
    }

    /**
     * Makes our routes exactly {@code desired}: adds or re-points each (ip route replace), deletes ours that are
     * no longer wanted. A destination already routed by someone else is left alone, with a warning: their route wins.
     */
    public void reconcile(List<KernelRoute> desired) throws CommandException {
        Set<KernelRoute> wanted = new LinkedHashSet<>(desired);
        Set<Cidr> wantedDestinations = new HashSet<>();
        for (KernelRoute route : wanted) {
            if (!wantedDestinations.add(route.destination())) {
                throw new IllegalArgumentException("two next hops for " + route.destination() + ": " + wanted.stream()
                        .filter(other -> other.destination().equals(route.destination())).toList());
            }
        }
        List<KernelRoute> ours = current();
        for (KernelRoute route : ours) {
            // a route only re-pointed is replaced in place below: deleting it first would open a gap
            if (!wantedDestinations.contains(route.destination())) {
                delete(route);
            }
        }
        for (KernelRoute route : wanted) {
            if (ours.contains(route)) {
                continue;
            }
            boolean repointed = ours.stream().anyMatch(our -> our.destination().equals(route.destination()));
            if (!repointed && routedBySomeoneElse(route.destination())) {
                LOG.warn("not routing {}: the host already has a route for {} that is not ours (ours carry proto {})",
                        route, route.destination(), ROUTE_PROTOCOL);
                continue;
            }
            LOG.info("{} route {} proto {}", repointed ? "re-pointing" : "adding", route, ROUTE_PROTOCOL);
            runner.run("ip", "route", "replace", route.destination().toString(), "via", route.via().getHostAddress(),
                    "proto", String.valueOf(ROUTE_PROTOCOL));
        }
    }

    /** Deletes every route of ours. */
    public void removeAll() throws CommandException {
        for (KernelRoute route : current()) {
            delete(route);
        }
    }

    private void delete(KernelRoute route) throws CommandException {
        LOG.info("deleting route {} proto {}", route, ROUTE_PROTOCOL);
        // "proto" makes the kernel match our protocol too: a foreign route with the same destination survives
        runner.run("ip", "route", "del", route.destination().toString(), "via", route.via().getHostAddress(),
                "proto", String.valueOf(ROUTE_PROTOCOL));
    }

    private boolean routedBySomeoneElse(Cidr destination) throws CommandException {
        String family = destination.isIpv4() ? "-4" : "-6";
        JsonNode routes = IpJson.read(runner.run("ip", family, "-j", "route", "show", "exact", destination.toString()).stdout(), "ip -j route");
        for (JsonNode route : routes) {
            if (!String.valueOf(ROUTE_PROTOCOL).equals(route.path("protocol").asText())) {
                return true;
            }
        }
        return false;
    }

    static List<KernelRoute> parse(String json, boolean ipv6) throws CommandException {
        List<KernelRoute> routes = new ArrayList<>();
        for (JsonNode route : IpJson.read(json, "ip -j route")) {
            String dst = route.path("dst").asText("");
            String gateway = route.path("gateway").asText("");
            if (dst.isEmpty() || gateway.isEmpty() || dst.equals("default")) {
                // not a shape we install (a device route or a default route): cannot be ours to manage
                LOG.debug("ignoring proto {} route without destination or gateway: {}", ROUTE_PROTOCOL, route);
                continue;
            }
            try {
                routes.add(new KernelRoute(Cidr.parse(dst.contains("/") ? dst : dst + (ipv6 ? "/128" : "/32")),
                        InetAddress.getByName(gateway)));
            } catch (IllegalArgumentException | UnknownHostException e) {
                throw new CommandException("cannot read route " + route + ": " + e.getMessage(), e);
            }
        }
        return routes;
    }
}
