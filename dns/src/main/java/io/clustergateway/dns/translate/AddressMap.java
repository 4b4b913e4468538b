package io.clustergateway.dns.translate;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A real IPv4 range of a cluster and the same-size virtual range standing for it: 10.244.1.5 in 10.244.0.0/16
 * is 100.70.1.5 in 100.70.0.0/16.
 */
public record AddressMap(IPAddress real, IPAddress virtual) {

    public AddressMap {
        Objects.requireNonNull(real, "real");
        Objects.requireNonNull(virtual, "virtual");
        if (!real.isIPv4() || !virtual.isIPv4() || !real.isSinglePrefixBlock() || !virtual.isSinglePrefixBlock()
                || !real.getNetworkPrefixLength().equals(virtual.getNetworkPrefixLength())) {
            throw new IllegalArgumentException("an address map joins two IPv4 networks of one size: " + real + " and " + virtual);
        }
    }

    /** {@code parse("10.244.0.0/16", "100.70.0.0/16")}. */
    public static AddressMap parse(String real, String virtual) {
        return new AddressMap(network(real), network(virtual));
    }

    private static IPAddress network(String text) {
        IPAddress address = new IPAddressString(text).getAddress();
        if (address == null || !address.isPrefixed()) {
            throw new IllegalArgumentException("not a network: " + text);
        }
        return address.toPrefixBlock();
    }

    public Optional<InetAddress> toVirtual(InetAddress address) {
        return shift(address, real, virtual);
    }

    public Optional<InetAddress> toReal(InetAddress address) {
        return shift(address, virtual, real);
    }

    private static Optional<InetAddress> shift(InetAddress address, IPAddress from, IPAddress to) {
        IPAddress ip = new IPAddressString(address.getHostAddress()).getAddress();
        if (ip == null || !ip.isIPv4() || !from.contains(ip)) {
            return Optional.empty();
        }
        BigInteger offset = ip.getValue().subtract(from.getLower().getValue());
        return Optional.of(to.getLower().withoutPrefixLength().increment(offset.longValueExact()).toInetAddress());
    }

    @Override
    public String toString() {
        return real + " as " + virtual;
    }
}
