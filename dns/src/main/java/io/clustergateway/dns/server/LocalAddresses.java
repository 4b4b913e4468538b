package io.clustergateway.dns.server;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a wildcard listen address ({@code 0.0.0.0:53}, {@code [::]:53}) into one address per local interface
 * address, as dnsmasq's {@code --bind-dynamic} does.
 *
 * <p>Why: a UDP socket bound to the wildcard answers from whatever source address the kernel's route picks, so
 * on a host with several addresses a laptop that asked 192.168.1.109 may get its answer from 10.0.0.5 and
 * reject it ("reply from unexpected source"). A socket per address always answers from the address asked.
 * The price: the local addresses are followed every {@value #FOLLOW_INTERVAL_SECONDS} seconds rather than at
 * once, so an address added later (a keepalived VIP moving here, a DHCP renewal) goes unanswered until the next
 * check, and one removed keeps its sockets until then.
 */
final class LocalAddresses {
    private static final Logger LOG = LoggerFactory.getLogger(LocalAddresses.class);

    /** How often a wildcard listen address is expanded again (see {@link Listeners#followLocalAddresses()}). */
    static final int FOLLOW_INTERVAL_SECONDS = 10;

    /** The addresses of this host, of every family; production reads the network interfaces that are up. */
    @FunctionalInterface
    interface Source {
        List<InetAddress> addresses() throws IOException;
    }

    static final Source INTERFACES = LocalAddresses::interfaceAddresses;

    private LocalAddresses() {}

    static List<InetSocketAddress> expandWildcards(List<InetSocketAddress> listen) throws IOException {
        return List.copyOf(expandWildcards(listen, INTERFACES).keySet());
    }

    /**
     * At start: each address to listen on, in order, mapped to the listen address it came from (itself when
     * listed explicitly). A wildcard with no local address of its family is an error.
     */
    static Map<InetSocketAddress, InetSocketAddress> expandWildcards(List<InetSocketAddress> listen, Source source)
            throws IOException {
        List<InetAddress> locals = localsIfNeeded(listen, source);
        for (InetSocketAddress address : listen) {
            if (isWildcard(address)) {
                List<InetAddress> family = ofFamily(locals, address);
                if (family.isEmpty()) {
                    throw new IOException("cannot listen on " + address + ": no local address of that family is up");
                }
                LOG.info("listen address {} stands for each local address: {}", address, family);
            }
        }
        return expand(listen, locals);
    }

    /**
     * As {@link #expandWildcards(List, Source)}, quietly, for a later check: a wildcard with no local address
     * left stands for none.
     */
    static Map<InetSocketAddress, InetSocketAddress> expand(List<InetSocketAddress> listen, Source source)
            throws IOException {
        return expand(listen, localsIfNeeded(listen, source));
    }

    /** An address listed explicitly maps to itself even where a wildcard also stands for it. */
    private static Map<InetSocketAddress, InetSocketAddress> expand(List<InetSocketAddress> listen,
                                                                    List<InetAddress> locals) {
        Map<InetSocketAddress, InetSocketAddress> expanded = new LinkedHashMap<>();
        for (InetSocketAddress address : listen) {
            if (!isWildcard(address)) {
                expanded.put(address, address);
                continue;
            }
            for (InetAddress local : ofFamily(locals, address)) {
                expanded.putIfAbsent(new InetSocketAddress(local, address.getPort()), address);
            }
        }
        return expanded;
    }

    private static List<InetAddress> localsIfNeeded(List<InetSocketAddress> listen, Source source)
            throws IOException {
        return listen.stream().anyMatch(LocalAddresses::isWildcard) ? source.addresses() : List.of();
    }

    private static List<InetAddress> ofFamily(List<InetAddress> locals, InetSocketAddress wildcard) {
        boolean ipv6 = wildcard.getAddress() instanceof Inet6Address;
        return locals.stream()
                .filter(local -> ipv6 ? local instanceof Inet6Address : local instanceof Inet4Address)
                // link-local IPv6 needs a scope per interface and is not where office laptops send DNS
                .filter(local -> !local.isLinkLocalAddress())
                .toList();
    }

    static boolean isWildcard(InetSocketAddress address) {
        return address.getAddress().isAnyLocalAddress();
    }

    private static List<InetAddress> interfaceAddresses() throws IOException {
        List<InetAddress> result = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp()) {
                result.addAll(Collections.list(nic.getInetAddresses()));
            }
        }
        return result;
    }
}
