package io.clustergateway.routing.bgp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How this gateway speaks BGP: its AS, router id, the address its sessions leave from (also the next hop of
 * every announcement), the neighbors, and the timers.
 *
 * @param localAddress the session source and next hop: the gateway's node address
 * @param holdTime     at least 3 s (RFC 4271); keepalives go every third of it
 * @param bfd          also run BFD with each neighbor, so a dead gateway is noticed in under a second where the
 *                     router runs BFD too (a router without BFD simply never brings the BFD session up)
 */
public record BgpPeering(long localAs, Inet4Address routerId, InetAddress localAddress, Duration holdTime,
                         List<BgpNeighbor> neighbors, boolean bfd) {
    public static final Duration MIN_HOLD_TIME = Duration.ofSeconds(3);

    public BgpPeering {
        AsNumbers.check(localAs, "local AS");
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(holdTime, "holdTime");
        if (holdTime.compareTo(MIN_HOLD_TIME) < 0) {
            throw new IllegalArgumentException("hold time " + holdTime.toSeconds() + "s is below the minimum of 3s");
        }
        neighbors = List.copyOf(neighbors);
    }

    /** Whole seconds, as BGP carries it. */
    public long holdSeconds() {
        return holdTime.toSeconds();
    }

    /** A third of the hold time (RFC 4271's suggestion), at least one second. */
    public long keepaliveSeconds() {
        return Math.max(1, holdSeconds() / 3);
    }
}
