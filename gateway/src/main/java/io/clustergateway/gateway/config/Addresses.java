package io.clustergateway.gateway.config;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Literal addresses as configuration spells them. Never a DNS lookup: a name where an address belongs is an
 * error, because resolving it would make the gateway depend on the resolver it replaces.
 */
public final class Addresses {
    private Addresses() {}

    /** {@code 10.96.0.10} or {@code fd00::10}; IllegalArgumentException saying what is wrong. */
    public static InetAddress parseIp(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty address");
        }
        String trimmed = text.strip();
        IPAddress address;
        try {
            address = new IPAddressString(trimmed).toAddress();
        } catch (AddressStringException e) {
            throw new IllegalArgumentException("not an IP address (a literal IPv4 or IPv6 address is expected)");
        }
        if (address == null || !(address.isIPv4() || address.isIPv6()) || address.isPrefixed() || address.isMultiple()) {
            throw new IllegalArgumentException("not an IP address (a literal IPv4 or IPv6 address is expected)");
        }
        return address.toInetAddress();
    }

    /**
     * {@code ip}, {@code ip:port}, {@code [v6]:port} or a bare IPv6 address; the port defaults to
     * {@code defaultPort}. Port 0 is accepted (a free port, useful for listen addresses in tests).
     */
    public static InetSocketAddress parseHostPort(String text, int defaultPort) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty address");
        }
        String trimmed = text.strip();
        String host = trimmed;
        int port = defaultPort;
        if (trimmed.startsWith("[")) {
            int end = trimmed.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("missing ']' in a bracketed IPv6 address");
            }
            host = trimmed.substring(1, end);
            String rest = trimmed.substring(end + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("expected ':port' after ']'");
                }
                port = parsePort(rest.substring(1));
            }
        } else if (trimmed.indexOf(':') >= 0 && trimmed.indexOf(':') == trimmed.lastIndexOf(':')) {
            // exactly one colon: IPv4 with a port; several colons: a bare IPv6 address
            int colon = trimmed.indexOf(':');
            host = trimmed.substring(0, colon);
            port = parsePort(trimmed.substring(colon + 1));
        }
        return new InetSocketAddress(parseIp(host), port);
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + text + " is outside 0-65535");
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port \"" + text + "\" is not a number");
        }
    }

    /** {@code 10.96.0.10:53}, {@code [fd00::10]:53}: how the API and the logs print a server. */
    public static String format(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        int zone = host.indexOf('%');
        if (zone >= 0) {
            host = host.substring(0, zone);
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
