package io.clustergateway.routing.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.Cluster;
import io.clustergateway.routing.NetworkModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The static routes office routers need to reach the clusters through this node, and their renderings. */
public final class RoutePublisher {

    private static final Logger LOG = LoggerFactory.getLogger(RoutePublisher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private RoutePublisher() {
    }

    /**
     * Every cluster CIDR (pod and service) via {@code nodeAddress}, sorted by destination. With
     * {@code summarize}, adjacent and contained networks are merged into the fewest blocks, and a block
     * spanning several clusters names them all ({@code new+old}). Only CIDRs of the node address's family
     * are routed: an IPv6 network cannot have an IPv4 next hop.
     */
    public static List<StaticRoute> routes(NetworkModel model, InetAddress nodeAddress, boolean summarize) {
        boolean ipv4 = nodeAddress instanceof Inet4Address;
        Map<Cidr, TreeSet<String>> clustersByCidr = new TreeMap<>();
        for (Cluster cluster : model.clusters()) {
            for (Cidr cidr : cluster.cidrs()) {
                if (cidr.isIpv4() == ipv4) {
                    clustersByCidr.computeIfAbsent(cidr, c -> new TreeSet<>()).add(cluster.name());
                } else {
                    LOG.debug("not publishing {} of cluster {}: next hop {} is another address family",
                            cidr, cluster.name(), nodeAddress.getHostAddress());
                }
            }
        }
        List<Cidr> destinations = summarize
                ? Cidr.summarize(clustersByCidr.keySet())
                : List.copyOf(clustersByCidr.keySet());
        List<StaticRoute> routes = new ArrayList<>(destinations.size());
        for (Cidr destination : destinations) {
            TreeSet<String> names = new TreeSet<>();
            clustersByCidr.forEach((cidr, clusters) -> {
                if (destination.contains(cidr)) {
                    names.addAll(clusters);
                }
            });
            routes.add(new StaticRoute(destination, nodeAddress, String.join("+", names)));
        }
        return List.copyOf(routes);
    }

    /** The routes as text to paste into the device (or JSON for programs). */
    public static String render(RouteFormat format, List<StaticRoute> routes) {
        return switch (format) {
            case LINUX -> CommandRenderers.linux(routes);
            case CISCO_IOS -> CommandRenderers.ciscoIos(routes);
            case JUNOS -> CommandRenderers.junos(routes);
            case MIKROTIK -> CommandRenderers.mikrotik(routes);
            case VYOS -> CommandRenderers.vyos(routes);
            case WINDOWS -> CommandRenderers.windows(routes);
            case MACOS -> CommandRenderers.macos(routes);
            case JSON -> json(routes);
            case DHCP_OPTION_121 -> ClasslessStaticRoutes.render(routes);
            case BIRD, FRR -> throw new IllegalArgumentException("format " + format.id()
                    + " is a BGP peering, not static routes: see RouterPeerings");
        };
    }

    /** {@code [{"destination":"10.96.0.0/12","nextHop":"192.168.1.109","cluster":"old"}]}. */
    private static String json(List<StaticRoute> routes) {
        ArrayNode array = JSON.createArrayNode();
        for (StaticRoute route : routes) {
            array.addObject()
                    .put("destination", route.destination().toString())
                    .put("nextHop", route.nextHopText())
                    .put("cluster", route.cluster());
        }
        try {
            return JSON.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
