package io.clustergateway.gateway.bgp;

import io.clustergateway.routing.bgp.BgpPeering;
import io.clustergateway.routing.bgp.BirdSpeaker;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code gateway.bgp.*} after validation.
 *
 * @param peering    empty when BGP is off
 * @param dnsAddress the anycast DNS address, announced as /32
 * @param stateDir   absent: a fresh directory per run
 */
public record BgpSettings(Optional<BgpPeering> peering, Optional<Inet4Address> dnsAddress, BirdSpeaker.Binaries binaries,
                          Optional<Path> stateDir) {
    public static final int DNS_PORT = 53;

    public static BgpSettings disabled() {
        return new BgpSettings(Optional.empty(), Optional.empty(), BirdSpeaker.Binaries.onPath(), Optional.empty());
    }

    public boolean enabled() {
        return peering.isPresent();
    }
}
