package io.clustergateway.gateway.model;

import io.clustergateway.gateway.config.Addresses;
import io.clustergateway.gateway.config.ClusterSettings;
import io.clustergateway.gateway.discovery.DiscoveredCluster;
import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.ModelProblem;
import io.clustergateway.routing.Office;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Merges each cluster's configuration with what discovery found. Configured values win; discovered ones fill what
 * the configuration leaves out; a disagreement is recorded, never resolved silently.
 *
 * <p>A discovered CIDR that overlaps a configured one (office or cluster) or one already kept for an earlier
 * cluster is dropped, and why is recorded: used anyway, it would masquerade, publish and route traffic meant for
 * the other network into this cluster. Configured CIDRs never overlap (the start is refused), so only discovery
 * can bring an overlap; the configured side always wins. Clusters must therefore be merged in configuration order.
 */
final class ClusterMerge {
    private final List<Owned> kept = new ArrayList<>();
    private final List<ModelProblem> problems;

    ClusterMerge(List<Office> offices, List<ClusterSettings> clusters, List<ModelProblem> problems) {
        this.problems = problems;
        for (Office office : offices) {
            office.cidrs().forEach(cidr -> kept.add(new Owned("gateway.offices." + office.name() + ".cidrs", cidr)));
        }
        for (ClusterSettings cluster : clusters) {
            String key = "gateway.clusters." + cluster.name();
            cluster.podCidrs().orElse(List.of()).forEach(cidr -> kept.add(new Owned(key + ".pod-cidrs", cidr)));
            cluster.serviceCidrs().orElse(List.of()).forEach(cidr -> kept.add(new Owned(key + ".service-cidrs", cidr)));
        }
    }

    EffectiveCluster merge(ClusterSettings config, Optional<DiscoveredCluster> found) {
        String key = "gateway.clusters." + config.name();
        List<Disagreement> disagreements = new ArrayList<>();

        List<InetSocketAddress> discoveredDns = found.flatMap(DiscoveredCluster::dns).stream().toList();
        Sourced<List<InetSocketAddress>> dns = choose(config.name(), "dns",
                config.dns().filter(servers -> !servers.isEmpty()), discoveredDns, "kube-dns service",
                Addresses::format, disagreements);

        List<Cidr> discoveredPods = parse(key + ".pod-cidrs", found.map(DiscoveredCluster::podCidrs));
        Sourced<List<Cidr>> pods = choose(config.name(), "pod-cidrs", config.podCidrs(),
                keepDisjoint(key + ".pod-cidrs", config.podCidrs(), discoveredPods),
                found.map(DiscoveredCluster::podCidrSource).orElse(""), Cidr::toString, disagreements,
                discoveredPods);

        List<Cidr> discoveredServices = parse(key + ".service-cidrs", found.map(DiscoveredCluster::serviceCidrs));
        Sourced<List<Cidr>> services = choose(config.name(), "service-cidrs", config.serviceCidrs(),
                keepDisjoint(key + ".service-cidrs", config.serviceCidrs(), discoveredServices),
                found.map(DiscoveredCluster::serviceCidrSource).orElse(""), Cidr::toString, disagreements,
                discoveredServices);

        return new EffectiveCluster(config, dns, pods, services, found, disagreements);
    }

    private static <T> Sourced<List<T>> choose(String cluster, String field, Optional<List<T>> configured,
                                               List<T> discovered, String discoverySource, Function<T, String> text,
                                               List<Disagreement> disagreements) {
        return choose(cluster, field, configured, discovered, discoverySource, text, disagreements, discovered);
    }

    /**
     * @param usable   the discovered values that may be used (after dropping overlaps)
     * @param reported all discovered values, which a configured value is compared with
     */
    private static <T> Sourced<List<T>> choose(String cluster, String field, Optional<List<T>> configured,
                                               List<T> usable, String discoverySource, Function<T, String> text,
                                               List<Disagreement> disagreements, List<T> reported) {
        if (configured.isPresent()) {
            List<String> configuredTexts = configured.get().stream().map(text).toList();
            List<String> reportedTexts = reported.stream().map(text).toList();
            if (!reportedTexts.isEmpty() && !new HashSet<>(configuredTexts).equals(new HashSet<>(reportedTexts))) {
                disagreements.add(new Disagreement(cluster, field, configuredTexts, reportedTexts, discoverySource));
            }
            return Sourced.configured(configured.get());
        }
        return usable.isEmpty() ? Sourced.none(List.of()) : Sourced.discovered(usable, discoverySource);
    }

    /** The discovered CIDRs that overlap nothing kept so far; none when the configuration sets the value. */
    private List<Cidr> keepDisjoint(String key, Optional<List<Cidr>> configured, List<Cidr> discovered) {
        if (configured.isPresent()) {
            return List.of();
        }
        List<Cidr> result = new ArrayList<>();
        for (Cidr cidr : discovered) {
            Optional<Owned> other = kept.stream().filter(owned -> owned.cidr().overlaps(cidr)).findFirst();
            if (other.isPresent()) {
                problems.add(new ModelProblem(key, cidr.toString(), "discovered value ignored: overlaps "
                        + other.get().key() + " " + other.get().cidr()));
            } else {
                kept.add(new Owned(key, cidr));
                result.add(cidr);
            }
        }
        return result;
    }

    private List<Cidr> parse(String key, Optional<List<String>> texts) {
        Set<Cidr> cidrs = new LinkedHashSet<>();
        for (String text : texts.orElse(List.of())) {
            try {
                cidrs.add(Cidr.parse(text));
            } catch (IllegalArgumentException e) {
                problems.add(new ModelProblem(key, text, "discovered value ignored: " + e.getMessage()));
            }
        }
        return List.copyOf(cidrs);
    }

    /** A CIDR in use and the configuration key it belongs to. */
    private record Owned(String key, Cidr cidr) {}
}
