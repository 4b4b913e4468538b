package io.clustergateway.routing.publish;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The syntaxes routes are published in: what a person pastes into that device or server. */
public enum RouteFormat {
    LINUX("linux"),
    CISCO_IOS("cisco-ios"),
    JUNOS("junos"),
    MIKROTIK("mikrotik"),
    VYOS("vyos"),
    WINDOWS("windows"),
    MACOS("macos"),
    JSON("json"),
    DHCP_OPTION_121("dhcp-option-121"),
    /** A BGP neighbor block for a router running BIRD 2, accepting exactly this gateway's prefixes. */
    BIRD("bird"),
    /** The same for FRRouting (vtysh configuration). */
    FRR("frr");

    private final String id;

    RouteFormat(String id) {
        this.id = id;
    }

    /** The identifier used in the HTTP API, {@code cisco-ios}. */
    public String id() {
        return id;
    }

    /** A BGP peering with the gateway rather than static routes: needs gateway.bgp. */
    public boolean isPeering() {
        return this == BIRD || this == FRR;
    }

    /** {@code application/json} for JSON, {@code text/plain} for the rest. */
    public String mediaType() {
        return this == JSON ? "application/json" : "text/plain";
    }

    /** The format with this id (case-insensitive); empty for an unknown one. */
    public static Optional<RouteFormat> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(format -> format.id.equals(wanted)).findFirst();
    }

    /** {@code linux, cisco-ios, ..., dhcp-option-121}: for error messages listing the accepted values. */
    public static String acceptedIds() {
        return Arrays.stream(values()).map(RouteFormat::id).collect(Collectors.joining(", "));
    }
}
