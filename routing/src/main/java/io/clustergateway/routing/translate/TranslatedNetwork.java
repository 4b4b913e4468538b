package io.clustergateway.routing.translate;

import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.Cluster;
import io.clustergateway.routing.ModelProblem;
import io.clustergateway.routing.NetworkModel;
import io.clustergateway.routing.Office;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The network as seen once some clusters are translated: each translated cluster's real ranges get virtual
 * blocks, and from there on only the virtual ones are routed, published and resolved to; its real ones, possibly
 * the same as another cluster's, are used only behind its own next hop.
 *
 * @param ranges    the virtual blocks in force
 * @param plan      the NAT and policy routing that carries traffic to them
 * @param direct    offices and the clusters reached by their real ranges: what source NAT and kernel routes cover
 * @param published offices and every cluster, translated ones with their virtual ranges: what routers are told
 * @param problems  each key and value that keeps a cluster from being translated
 */
public record TranslatedNetwork(VirtualRanges ranges, TranslationPlan plan, NetworkModel direct,
                                NetworkModel published, List<ModelProblem> problems) {

    public TranslatedNetwork {
        problems = List.copyOf(problems);
    }

    /**
     * @param network    every office and cluster with their real ranges
     * @param translated the names of the clusters with {@code translate: auto}
     * @param previous   the allocation in force before (kept where still valid), empty on a first start
     * @param snat       the configured SNAT address, if any
     */
    public static TranslatedNetwork of(NetworkModel network, Set<String> translated, Cidr pool, List<VirtualRange> pins,
                                       List<VirtualRange> previous, Optional<InetAddress> snat) {
        List<ModelProblem> problems = new ArrayList<>();
        List<RangeRequest> requests = new ArrayList<>();
        Map<String, InetAddress> vias = new LinkedHashMap<>();
        List<Cidr> reserved = new ArrayList<>();
        network.offices().forEach(office -> reserved.addAll(office.cidrs()));
        for (Cluster cluster : network.clusters()) {
            reserved.addAll(cluster.cidrs());
            if (!translated.contains(cluster.name())) {
                continue;
            }
            cluster.cidrs().forEach(cidr -> requests.add(new RangeRequest(cluster.name(), cidr)));
            if (cluster.via().isPresent()) {
                vias.put(cluster.name(), cluster.via().get());
            } else {
                problems.add(new ModelProblem("gateway.clusters." + cluster.name() + ".via", "",
                        "is required with translate: auto: traffic to the cluster's virtual ranges is routed to it"));
            }
        }
        Allocation allocation = VirtualRangeAllocator.allocate(pool, requests, pins, previous, reserved);
        problems.addAll(allocation.problems());
        VirtualRanges ranges = allocation.ranges();
        List<Cluster> direct = new ArrayList<>();
        List<Cluster> published = new ArrayList<>();
        for (Cluster cluster : network.clusters()) {
            if (!translated.contains(cluster.name())) {
                direct.add(cluster);
                published.add(cluster);
            } else {
                published.add(new Cluster(cluster.name(), virtual(ranges, cluster, cluster.podCidrs()),
                        virtual(ranges, cluster, cluster.serviceCidrs()), cluster.via()));
            }
        }
        List<Office> offices = network.offices();
        return new TranslatedNetwork(ranges, TranslationPlan.of(ranges, vias, snat),
                new NetworkModel(offices, direct), new NetworkModel(offices, published), problems);
    }

    private static List<Cidr> virtual(VirtualRanges ranges, Cluster cluster, List<Cidr> real) {
        return real.stream().map(cidr -> ranges.virtualOf(cluster.name(), cidr)).flatMap(Optional::stream).toList();
    }

    /** The address a client uses for a real one of a translated cluster (its CoreDNS, say); other addresses as they are. */
    public InetAddress seenAs(String cluster, InetAddress real) {
        return ranges.of(cluster).stream()
                .map(range -> range.toVirtual(real))
                .flatMap(Optional::stream)
                .findFirst()
                .orElse(real);
    }
}
