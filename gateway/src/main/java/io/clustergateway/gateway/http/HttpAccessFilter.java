package io.clustergateway.gateway.http;

import io.clustergateway.gateway.config.Addresses;
import io.clustergateway.gateway.config.HostNetwork;
import io.clustergateway.gateway.model.GatewayModel;
import io.clustergateway.gateway.model.ModelChanged;
import io.clustergateway.routing.Cidr;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The first handler of every HTTP route (the API, the status page, {@code /q/health}, {@code /q/metrics}): a client
 * {@link HttpClients} does not allow gets 403 with a JSON body and nothing else. The remote address is the TCP
 * peer's; forwarding headers are not believed, since anyone can send them.
 */
@ApplicationScoped
public class HttpAccessFilter {
    private static final Logger LOG = Logger.getLogger(HttpAccessFilter.class);
    /** Before Quarkus' own handlers and every route of the application. */
    private static final int FIRST = Integer.MIN_VALUE;

    private final HostNetwork host = HostNetwork.system();
    private final AtomicReference<HttpClients> clients = new AtomicReference<>(HttpClients.hostOnly(host::isLocal));

    void install(@Observes Router router) {
        router.route().order(FIRST).handler(this::admit);
    }

    void onModelChanged(@Observes ModelChanged event) {
        GatewayModel model = event.current();
        clients.set(HttpClients.of(model.dnsRoutes().allowFrom(),
                model.settings().http().allowFrom().stream().map(Cidr::toString).toList(), host::isLocal));
    }

    private void admit(RoutingContext context) {
        String remote = context.request().remoteAddress() == null ? null : context.request().remoteAddress().hostAddress();
        InetAddress client = remote == null ? null : parse(remote);
        if (client != null && clients.get().allows(client)) {
            context.next();
            return;
        }
        LOG.debugf("HTTP %s %s from %s refused: not an allowed client", context.request().method(), context.request().path(), remote);
        context.response().setStatusCode(403).putHeader("Content-Type", "application/json")
                .end(new JsonObject()
                        .put("error", "forbidden: " + remote + " is not an office, cluster or allowed address of this gateway"
                                + " (gateway.dns.allow-from, gateway.http.allow-from)")
                        .put("client", remote)
                        .encode());
    }

    /** A literal from the socket; an IPv4-mapped IPv6 peer (dual-stack listener) becomes its IPv4 address. */
    private static InetAddress parse(String address) {
        try {
            return InetAddress.getByAddress(Addresses.parseIp(address).getAddress());
        } catch (IllegalArgumentException | java.net.UnknownHostException e) {
            return null;
        }
    }
}
