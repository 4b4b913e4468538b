package io.clustergateway.routing.publish;

import io.clustergateway.routing.Cidr;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * DHCP option 121, classless static routes (RFC 3442): each route is the prefix width, the significant
 * octets of the destination, then the router's four octets. Shown as the bytes and in the spelling of
 * dnsmasq, ISC dhcpd and Kea. IPv4 only: option 121 cannot carry IPv6 routes.
 */
public final class ClasslessStaticRoutes {

    private ClasslessStaticRoutes() {
    }

    /**
     * The option's payload (without code and length) for the IPv4 routes, in order.
     *
     * @throws IllegalArgumentException for an IPv6 route
     */
    public static byte[] encode(List<StaticRoute> routes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (StaticRoute route : routes) {
            if (!route.isIpv4()) {
                throw new IllegalArgumentException("option 121 carries IPv4 routes only, not " + route.destination());
            }
            out.writeBytes(destinationDescriptor(route.destination()));
            out.writeBytes(route.nextHop().getAddress());
        }
        return out.toByteArray();
    }

    /** Width octet then ceil(width / 8) octets of the network: 10.27.129.0/24 → 24, 10, 27, 129. */
    static byte[] destinationDescriptor(Cidr destination) {
        int width = destination.prefixLength();
        int significant = (width + 7) / 8;
        byte[] network = destination.network().getAddress();
        byte[] descriptor = new byte[1 + significant];
        descriptor[0] = (byte) width;
        System.arraycopy(network, 0, descriptor, 1, significant);
        return descriptor;
    }

    static String render(List<StaticRoute> routes) {
        List<StaticRoute> ipv4 = routes.stream().filter(StaticRoute::isIpv4).toList();
        List<StaticRoute> ipv6 = routes.stream().filter(route -> !route.isIpv4()).toList();
        List<String> lines = new ArrayList<>();
        lines.add("# DHCP option 121 (RFC 3442 classless static routes): " + CommandRenderers.header(ipv4));
        if (!ipv6.isEmpty()) {
            lines.add("# omitted, option 121 is IPv4 only: " + ipv6.stream()
                    .map(route -> route.destination().toString()).collect(Collectors.joining(", ")));
        }
        if (ipv4.isEmpty()) {
            return String.join("\n", lines) + "\n";
        }
        byte[] payload = encode(ipv4);
        lines.add("# Clients that accept option 121 ignore option 3 (routers): add your default route to it too,");
        lines.add("# e.g. 0.0.0.0/0 via the office router.");
        lines.add("# bytes: " + HexFormat.of().formatHex(payload));
        lines.add("");
        lines.add("# dnsmasq");
        lines.add("dhcp-option=option:classless-static-route," + ipv4.stream()
                .map(route -> route.destination() + "," + route.nextHopText()).collect(Collectors.joining(",")));
        lines.add("");
        lines.add("# ISC dhcpd");
        lines.add("option rfc3442-classless-static-routes code 121 = array of unsigned integer 8;");
        lines.add("option rfc3442-classless-static-routes " + decimalBytes(payload) + ";");
        lines.add("");
        lines.add("# Kea (Dhcp4 \"option-data\")");
        lines.add("{ \"name\": \"classless-static-route\", \"code\": 121, \"data\": \"" + ipv4.stream()
                .map(route -> route.destination() + " - " + route.nextHopText()).collect(Collectors.joining(", "))
                + "\" }");
        return String.join("\n", lines) + "\n";
    }

    private static String decimalBytes(byte[] payload) {
        List<String> values = new ArrayList<>(payload.length);
        for (byte b : payload) {
            values.add(Integer.toString(Byte.toUnsignedInt(b)));
        }
        return String.join(", ", values);
    }
}
