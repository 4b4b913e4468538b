package io.clustergateway.routing;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * How the NAT plan is built.
 *
 * @param snatAddress    absent: masquerade; present: SNAT to it (for rules of its address family; rules of the
 *                       other family are masqueraded, see {@link NatPlan#of})
 * @param bridgeClusters also translate traffic from one cluster to another (migrations)
 */
public record NatOptions(Optional<InetAddress> snatAddress, boolean bridgeClusters) {
    public NatOptions {
        Objects.requireNonNull(snatAddress, "snatAddress");
    }

    /** Masquerade, with cluster bridging as given. */
    public static NatOptions masquerade(boolean bridgeClusters) {
        return new NatOptions(Optional.empty(), bridgeClusters);
    }
}
