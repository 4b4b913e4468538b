package io.clustergateway.routing;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.AddressStringParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * An IPv4 or IPv6 network: always a whole prefix block (no host bits), e.g. {@code 10.96.0.0/12}.
 * The math is done by {@code com.github.seancfoley:ipaddress}.
 */
public record Cidr(IPAddress block) implements Comparable<Cidr> {

    private static final Comparator<Cidr> ORDER = Comparator
            .comparingInt((Cidr c) -> c.isIpv4() ? 4 : 6)
            .thenComparing(c -> c.block.getLower().getValue())
            .thenComparingInt(Cidr::prefixLength);

    /**
     * Only the plain spellings routers and Kubernetes print: no inet_aton shorthands ("10.96/12" would
     * silently mean 10.0.0.96), no wildcards or ranges, no IPv4 leading zeros (octal to some tools).
     */
    private static final IPAddressStringParameters STRICT = strictParameters();

    public Cidr {
        Objects.requireNonNull(block, "block");
        if (!block.isPrefixed() || !block.isSinglePrefixBlock()) {
            throw new IllegalArgumentException("not a single prefix block: " + block);
        }
    }

    /**
     * Parses {@code 10.96.0.0/12}, {@code fd00:10::/64}, or a bare address (a /32 or /128).
     *
     * @throws IllegalArgumentException naming the text when it is not a network, or when host bits are set
     */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("not a CIDR: \"" + (text == null ? "" : text) + "\" is empty");
        }
        String trimmed = text.strip();
        IPAddress address;
        try {
            address = new IPAddressString(trimmed, STRICT).toAddress();
        } catch (AddressStringException e) {
            throw notACidr(trimmed, e);
        }
        if (address == null || !(address.isIPv4() || address.isIPv6())) {
            throw notACidr(trimmed, null);
        }
        if (!address.isPrefixed()) {
            return new Cidr(address.toPrefixBlock(address.getBitCount()));
        }
        IPAddress network = address.toPrefixBlock();
        if (!network.equals(address)) {
            throw new IllegalArgumentException("host bits set in " + trimmed + "; did you mean " + new Cidr(network) + "?");
        }
        return new Cidr(network);
    }

    private static IPAddressStringParameters strictParameters() {
        IPAddressStringParameters.Builder builder = new IPAddressStringParameters.Builder()
                .allowEmpty(false)
                .allowAll(false)
                .allowSingleSegment(false)
                .allowPrefixOnly(false)
                .allow_inet_aton(false)
                .setRangeOptions(AddressStringParameters.RangeParameters.NO_RANGE);
        builder.getIPv4AddressParametersBuilder().allowLeadingZeros(false).allowWildcardedSeparator(false);
        builder.getIPv6AddressParametersBuilder().allowWildcardedSeparator(false);
        return builder.toParams();
    }

    /** The library's own reasons speak of its validation options; an example of what is wanted helps more. */
    private static IllegalArgumentException notACidr(String text, Exception cause) {
        return new IllegalArgumentException("not a CIDR: \"" + text
                + "\"; expected an address or a network such as 10.96.0.0/12 or fd00:10::/64", cause);
    }

    /** The network as a prefix block of {@code address}, e.g. 10.1.2.3 and 8 → 10.0.0.0/8. */
    public static Cidr of(InetAddress address, int prefixLength) {
        IPAddress ip = new IPAddressString(address.getHostAddress()).getAddress();
        if (ip == null) {
            throw new IllegalArgumentException("not an IP address: " + address);
        }
        return new Cidr(ip.toPrefixBlock(prefixLength));
    }

    public boolean isIpv4() {
        return block.isIPv4();
    }

    public boolean isIpv6() {
        return block.isIPv6();
    }

    public int prefixLength() {
        return block.getNetworkPrefixLength();
    }

    /** The first address, e.g. 10.96.0.0 for 10.96.0.0/12. */
    public InetAddress network() {
        return block.getLower().withoutPrefixLength().toInetAddress();
    }

    /** The network address as text without prefix, e.g. {@code 10.96.0.0} or {@code fd00:10::}. */
    public String address() {
        return block.getLower().withoutPrefixLength().toCanonicalString();
    }

    /** The dotted (or for IPv6, colon) mask, e.g. {@code 255.240.0.0} for a /12. */
    public String netmask() {
        return block.getNetworkMask().withoutPrefixLength().toCanonicalString();
    }

    public boolean contains(Cidr other) {
        return isIpv4() == other.isIpv4() && block.contains(other.block);
    }

    public boolean contains(InetAddress address) {
        IPAddress ip = new IPAddressString(address.getHostAddress()).getAddress();
        return ip != null && ip.isIPv4() == isIpv4() && block.contains(ip);
    }

    public boolean overlaps(Cidr other) {
        return isIpv4() == other.isIpv4() && block.overlaps(other.block);
    }

    /**
     * The fewest prefix blocks covering exactly the given networks: contained ones are dropped,
     * adjacent ones merged (two /17 halves → the /16). Sorted, IPv4 before IPv6.
     */
    public static List<Cidr> summarize(Collection<Cidr> cidrs) {
        List<Cidr> result = new ArrayList<>();
        result.addAll(mergeFamily(cidrs.stream().filter(Cidr::isIpv4).toList()));
        result.addAll(mergeFamily(cidrs.stream().filter(Cidr::isIpv6).toList()));
        result.sort(null);
        return List.copyOf(result);
    }

    private static List<Cidr> mergeFamily(List<Cidr> family) {
        if (family.isEmpty()) {
            return List.of();
        }
        IPAddress first = family.get(0).block;
        IPAddress[] others = family.stream().skip(1).map(Cidr::block).toArray(IPAddress[]::new);
        List<Cidr> merged = new ArrayList<>();
        for (IPAddress block : first.mergeToPrefixBlocks(others)) {
            merged.add(new Cidr(block));
        }
        return merged;
    }

    @Override
    public int compareTo(Cidr other) {
        return ORDER.compare(this, other);
    }

    /** {@code 10.96.0.0/12}, {@code fd00:10::/64}. */
    @Override
    public String toString() {
        return address() + "/" + prefixLength();
    }
}
