package io.clustergateway.routing.translate;

import io.clustergateway.routing.Cidr;
import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Every virtual range in force, ordered by cluster name and real range. */
public record VirtualRanges(List<VirtualRange> ranges) {

    private static final Comparator<VirtualRange> ORDER =
            Comparator.comparing(VirtualRange::cluster).thenComparing(VirtualRange::real);

    public VirtualRanges {
        ranges = ranges.stream().sorted(ORDER).toList();
    }

    public static VirtualRanges empty() {
        return new VirtualRanges(List.of());
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** The ranges of one cluster; empty when it is not translated. */
    public List<VirtualRange> of(String cluster) {
        return ranges.stream().filter(range -> range.cluster().equals(cluster)).toList();
    }

    /** The names of the translated clusters, sorted. */
    public List<String> clusters() {
        return ranges.stream().map(VirtualRange::cluster).distinct().toList();
    }

    /** The virtual block standing for a real range of a cluster. */
    public Optional<Cidr> virtualOf(String cluster, Cidr real) {
        return ranges.stream()
                .filter(range -> range.cluster().equals(cluster) && range.real().equals(real))
                .map(VirtualRange::virtual)
                .findFirst();
    }

    /** The range whose virtual block holds this address: the cluster and real range it stands for. */
    public Optional<VirtualRange> holdingVirtual(InetAddress address) {
        return ranges.stream().filter(range -> range.virtual().contains(address)).findFirst();
    }
}
