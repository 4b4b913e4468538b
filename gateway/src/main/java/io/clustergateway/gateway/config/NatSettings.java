package io.clustergateway.gateway.config;

import io.clustergateway.routing.NatOptions;
import io.clustergateway.routing.nat.NatBackendKind;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code gateway.nat.*}.
 *
 * @param snatAddress absent: masquerade
 */
public record NatSettings(NatBackendKind backend, Optional<InetAddress> snatAddress, boolean bridgeClusters,
                          Duration reconcileInterval, boolean cleanupOnShutdown) {

    /** What the NAT plan needs of these settings. */
    public NatOptions planOptions() {
        return new NatOptions(snatAddress, bridgeClusters);
    }
}
