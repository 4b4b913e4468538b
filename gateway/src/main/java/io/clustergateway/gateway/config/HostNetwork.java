package io.clustergateway.gateway.config;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** What the defaults are taken from: this host's resolvers, its primary address and its own addresses. */
public interface HostNetwork {

    /** The nameservers of /etc/resolv.conf. */
    List<InetSocketAddress> resolvConfNameservers();

    /** The address office routers should use as next hop when node-address is not set. */
    InetAddress primaryIpv4();

    /**
     * Whether a wildcard listener of this gateway answers on the address: the wildcard itself or an address
     * assigned to one of this host's interfaces. The dns module binds a wildcard as each assigned address, so an
     * address that is merely routed to loopback (127.0.0.53 of systemd-resolved, inside 127.0.0.0/8 but not
     * assigned to lo) is somebody else's resolver, not ours.
     */
    boolean isLocal(InetAddress address);

    static HostNetwork system() {
        return new SystemHostNetwork();
    }

    final class SystemHostNetwork implements HostNetwork {
        private static final Logger LOG = Logger.getLogger(HostNetwork.class);

        @Override
        public List<InetSocketAddress> resolvConfNameservers() {
            return ResolvConf.nameservers(Path.of("/etc/resolv.conf"));
        }

        @Override
        public InetAddress primaryIpv4() {
            return defaultRouteInterface()
                    .flatMap(SystemHostNetwork::firstIpv4Of)
                    .or(SystemHostNetwork::firstNonLoopbackIpv4)
                    .orElseGet(() -> {
                        LOG.warn("no non-loopback IPv4 address on this host; publishing routes via 127.0.0.1"
                                + " (set gateway.node-address)");
                        return InetAddress.getLoopbackAddress();
                    });
        }

        @Override
        public boolean isLocal(InetAddress address) {
            if (address.isAnyLocalAddress()) {
                return true;
            }
            try {
                return NetworkInterface.getByInetAddress(address) != null;
            } catch (SocketException e) {
                return false;
            }
        }

        /** The interface of the default route, from /proc/net/route (destination 00000000). */
        private static Optional<String> defaultRouteInterface() {
            try {
                return Files.readAllLines(Path.of("/proc/net/route")).stream()
                        .skip(1)
                        .map(line -> line.strip().split("\\s+"))
                        .filter(fields -> fields.length > 7 && fields[1].equals("00000000") && fields[7].equals("00000000"))
                        .map(fields -> fields[0])
                        .findFirst();
            } catch (IOException e) {
                LOG.debugf("no /proc/net/route: %s", e.getMessage());
                return Optional.empty();
            }
        }

        private static Optional<InetAddress> firstIpv4Of(String interfaceName) {
            try {
                NetworkInterface nic = NetworkInterface.getByName(interfaceName);
                if (nic == null) {
                    return Optional.empty();
                }
                return Collections.list(nic.getInetAddresses()).stream()
                        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                        .findFirst();
            } catch (SocketException e) {
                return Optional.empty();
            }
        }

        private static Optional<InetAddress> firstNonLoopbackIpv4() {
            try {
                return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                        .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                        .findFirst();
            } catch (SocketException e) {
                return Optional.empty();
            }
        }
    }
}
