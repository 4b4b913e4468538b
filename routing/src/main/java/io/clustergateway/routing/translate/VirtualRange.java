package io.clustergateway.routing.translate;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.clustergateway.routing.Cidr;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One real range of a translated cluster and the same-size block of the pool that stands for it, e.g.
 * cluster {@code old}: real {@code 10.244.0.0/16} seen as {@code 100.70.0.0/16}. An address keeps its offset:
 * 10.244.1.5 is 100.70.1.5.
 */
public record VirtualRange(String cluster, Cidr real, Cidr virtual) {

    public VirtualRange {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(real, "real");
        Objects.requireNonNull(virtual, "virtual");
        if (real.isIpv4() != virtual.isIpv4() || real.prefixLength() != virtual.prefixLength()) {
            throw new IllegalArgumentException("a virtual range has the size and family of its real one: "
                    + real + " cannot be seen as " + virtual);
        }
    }

    /** The virtual address of a real one inside {@link #real}; empty outside it. */
    public Optional<InetAddress> toVirtual(InetAddress address) {
        return shift(address, real, virtual);
    }

    /** The real address of a virtual one inside {@link #virtual}; empty outside it. */
    public Optional<InetAddress> toReal(InetAddress address) {
        return shift(address, virtual, real);
    }

    private static Optional<InetAddress> shift(InetAddress address, Cidr from, Cidr to) {
        if (!from.contains(address)) {
            return Optional.empty();
        }
        IPAddress ip = new IPAddressString(address.getHostAddress()).getAddress();
        BigInteger offset = ip.getValue().subtract(from.block().getLower().getValue());
        return Optional.of(to.block().getLower().withoutPrefixLength().increment(offset.longValueExact()).toInetAddress());
    }

    /** {@code old 10.244.0.0/16 as 100.70.0.0/16}. */
    @Override
    public String toString() {
        return cluster + " " + real + " as " + virtual;
    }
}
