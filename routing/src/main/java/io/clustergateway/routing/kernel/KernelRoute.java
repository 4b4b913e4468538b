package io.clustergateway.routing.kernel;

import io.clustergateway.routing.Cidr;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/** A route this gateway owns: {@code destination} via the next hop {@code via}. */
public record KernelRoute(Cidr destination, InetAddress via) {
    public KernelRoute {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(via, "via");
        if (destination.isIpv4() != (via instanceof Inet4Address)) {
            throw new IllegalArgumentException("route " + destination + " cannot go via " + via.getHostAddress()
                    + ": different address families");
        }
    }

    /** {@code 10.200.0.0/16 via 192.168.50.10}, as {@code ip route} prints it. */
    @Override
    public String toString() {
        return destination + " via " + via.getHostAddress();
    }
}
