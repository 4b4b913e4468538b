package io.clustergateway.routing.bgp;

import java.net.InetAddress;
import java.util.Objects;

/** One router this gateway peers with: its address and AS number. */
public record BgpNeighbor(InetAddress address, long remoteAs) {
    public BgpNeighbor {
        Objects.requireNonNull(address, "address");
        AsNumbers.check(remoteAs, "remote AS");
    }
}
