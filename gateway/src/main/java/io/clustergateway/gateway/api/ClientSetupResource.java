package io.clustergateway.gateway.api;

import io.clustergateway.gateway.bgp.BgpAnnouncer;
import io.clustergateway.gateway.bgp.BgpSettings;
import io.clustergateway.gateway.config.Addresses;
import io.clustergateway.gateway.config.GatewaySettings;
import io.clustergateway.gateway.dns.GatewayDns;
import io.clustergateway.gateway.model.CurrentModel;
import io.clustergateway.gateway.model.EffectiveCluster;
import io.clustergateway.gateway.model.GatewayModel;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** What a laptop runs to resolve the cluster domains through this gateway. */
@Path("/api/v1/client-setup")
public class ClientSetupResource {
    private final CurrentModel model;
    private final GatewayDns dns;
    private final BgpAnnouncer bgp;

    public ClientSetupResource(CurrentModel model, GatewayDns dns, BgpAnnouncer bgp) {
        this.model = model;
        this.dns = dns;
        this.bgp = bgp;
    }

    @GET
    @Produces("text/plain;charset=UTF-8")
    @Operation(summary = "Commands for a laptop (os=macos|linux|windows) to use this gateway for the cluster domains")
    public String clientSetup(@QueryParam("os") String os) {
        ClientSetup.Os chosen = ClientSetup.Os.fromId(os).orElseThrow(() -> new UnknownValueException(
                (os == null ? "parameter os is required" : "unknown os \"" + os + "\"")
                        + "; accepted: " + String.join(", ", ClientSetup.Os.ids()), ClientSetup.Os.ids()));
        GatewayModel current = model.get();
        // with several gateways, laptops ask the anycast address every one of them announces, never one node
        Target target = bgp.settings().dnsAddress()
                .map(anycast -> new Target(new InetSocketAddress(anycast, BgpSettings.DNS_PORT), ""))
                .orElseGet(() -> target(current.settings(), dns.boundAddresses()));
        return ClientSetup.render(chosen, target.server(), domains(current), target.note());
    }

    /** Domains first (most general), then aliases; each once. */
    static List<String> domains(GatewayModel model) {
        Set<String> names = new LinkedHashSet<>();
        model.clusters().stream().map(EffectiveCluster::domain).forEach(names::add);
        model.clusters().stream().map(EffectiveCluster::alias).forEach(names::add);
        return List.copyOf(names);
    }

    record Target(InetSocketAddress server, String note) {}

    /**
     * The address laptops can reach, decided from the configured listen addresses: with a wildcard (0.0.0.0, ::)
     * among them, node-address, the address office routers already use for this host; else the first specific
     * non-loopback address; a loopback-only gateway cannot serve laptops, which the note says. The bound addresses
     * only supply the real port of a configured port 0: a wildcard is bound as every interface address, and the
     * first of those is an arbitrary one (a Docker bridge, a VPN) that laptops may not reach.
     */
    static Target target(GatewaySettings settings, List<InetSocketAddress> bound) {
        List<InetSocketAddress> listen = settings.dns().listen();
        for (InetSocketAddress address : listen) {
            if (address.getAddress().isAnyLocalAddress()) {
                InetAddress node = settings.node().address();
                return new Target(new InetSocketAddress(node, boundPort(address, node, bound)), "");
            }
        }
        for (InetSocketAddress address : listen) {
            if (!address.getAddress().isLoopbackAddress()) {
                return new Target(withBoundPort(address, bound), "");
            }
        }
        return new Target(withBoundPort(listen.get(0), bound), "this gateway listens on loopback only"
                + " (gateway.dns.listen " + listen.stream().map(Addresses::format).toList() + "): these commands work"
                + " on the gateway host itself; for laptops set gateway.dns.listen to an address they reach, e.g."
                + " [\"0.0.0.0:53\"]");
    }

    private static InetSocketAddress withBoundPort(InetSocketAddress configured, List<InetSocketAddress> bound) {
        return new InetSocketAddress(configured.getAddress(), boundPort(configured, configured.getAddress(), bound));
    }

    /** The configured port, or for port 0 the one the listener got on {@code address} (any of its family else). */
    private static int boundPort(InetSocketAddress configured, InetAddress address, List<InetSocketAddress> bound) {
        if (configured.getPort() != 0) {
            return configured.getPort();
        }
        boolean ipv6 = configured.getAddress() instanceof Inet6Address;
        return bound.stream().filter(b -> b.getAddress().equals(address)).findFirst()
                .or(() -> bound.stream().filter(b -> (b.getAddress() instanceof Inet6Address) == ipv6).findFirst())
                .map(InetSocketAddress::getPort)
                .orElse(0);
    }
}
