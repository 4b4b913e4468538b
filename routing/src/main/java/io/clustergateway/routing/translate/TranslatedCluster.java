package io.clustergateway.routing.translate;

import io.clustergateway.routing.Cidr;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * A translated cluster as the kernel sees it: its virtual ranges, the next hop behind which the real ones
 * live, and the packet mark and routing table that carry traffic for its virtual ranges to that next hop.
 *
 * @param mark  the whole packet mark of traffic to this cluster's virtual ranges, {@code index << 24}
 * @param table the routing table holding this cluster's real (and virtual) ranges via {@code via}
 */
public record TranslatedCluster(String name, InetAddress via, List<VirtualRange> ranges, int mark, int table) {

    public TranslatedCluster {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(via, "via");
        ranges = List.copyOf(ranges);
        if (!(via instanceof Inet4Address)) {
            throw new IllegalArgumentException("the next hop of translated cluster " + name + " must be IPv4: " + via.getHostAddress());
        }
        for (VirtualRange range : ranges) {
            if (!range.cluster().equals(name)) {
                throw new IllegalArgumentException(range + " is not a range of cluster " + name);
            }
        }
    }

    public List<Cidr> virtualCidrs() {
        return ranges.stream().map(VirtualRange::virtual).toList();
    }

    public List<Cidr> realCidrs() {
        return ranges.stream().map(VirtualRange::real).toList();
    }

    /** {@code 0x01000000}, as nft and ip rule print marks. */
    public String markText() {
        return String.format("0x%08x", mark);
    }
}
