package io.clustergateway.routing.publish;

import io.clustergateway.routing.Cidr;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One route an office router needs: {@code destination} via {@code nextHop} (this gateway node).
 *
 * @param cluster the cluster the destination belongs to; when summarizing merged several clusters'
 *                networks into one block, their names joined with {@code +} ({@code new+old})
 */
public record StaticRoute(Cidr destination, InetAddress nextHop, String cluster) {
    public StaticRoute {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(nextHop, "nextHop");
        Objects.requireNonNull(cluster, "cluster");
        if (destination.isIpv4() != (nextHop instanceof Inet4Address)) {
            throw new IllegalArgumentException("route to " + destination + " needs a next hop of the same family, not "
                    + nextHop.getHostAddress());
        }
    }

    public boolean isIpv4() {
        return destination.isIpv4();
    }

    /** The next hop as text, {@code 192.168.1.109} or {@code fd00::1} (never with a scope or a slash). */
    public String nextHopText() {
        return Cidr.of(nextHop, nextHop instanceof Inet4Address ? 32 : 128).address();
    }
}
