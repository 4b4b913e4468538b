package io.clustergateway.dns.server;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a wildcard listen address ({@code 0.0.0.0:53}, {@code [::]:53}) into one address per local interface
 * address, as dnsmasq's {@code --bind-interfaces} does.
 *
 * <p>Why: a UDP socket bound to the wildcard answers from whatever source address the kernel's route picks, so
 * on a host with several addresses a laptop that asked 192.168.1.109 may get its answer from 10.0.0.5 and
 * reject it ("reply from unexpected source"). A socket per address always answers from the address asked.
 * The price: addresses added after the start are not served until a restart.
 */
final class LocalAddresses {
    private static final Logger LOG = LoggerFactory.getLogger(LocalAddresses.class);

    private LocalAddresses() {}

    static List<InetSocketAddress> expandWildcards(List<InetSocketAddress> listen) throws IOException {
        Set<InetSocketAddress> expanded = new LinkedHashSet<>();
        for (InetSocketAddress address : listen) {
            if (!address.getAddress().isAnyLocalAddress()) {
                expanded.add(address);
                continue;
            }
            List<InetAddress> locals = localAddresses(address.getAddress() instanceof Inet6Address);
            if (locals.isEmpty()) {
                throw new IOException("cannot listen on " + address + ": no local address of that family is up");
            }
            LOG.info("listen address {} stands for each local address: {}", address, locals);
            for (InetAddress local : locals) {
                expanded.add(new InetSocketAddress(local, address.getPort()));
            }
        }
        return List.copyOf(expanded);
    }

    private static List<InetAddress> localAddresses(boolean ipv6) throws SocketException {
        List<InetAddress> result = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                boolean family = ipv6 ? address instanceof Inet6Address : address instanceof Inet4Address;
                // link-local IPv6 needs a scope per interface and is not where office laptops send DNS
                if (family && !address.isLinkLocalAddress()) {
                    result.add(address);
                }
            }
        }
        return result;
    }
}
