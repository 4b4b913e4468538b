package io.clustergateway.gateway.model;

import io.clustergateway.dns.ClusterDns;
import io.clustergateway.dns.DnsRoutes;
import io.clustergateway.gateway.config.Addresses;
import io.clustergateway.gateway.config.ClusterSettings;
import io.clustergateway.gateway.config.GatewaySettings;
import io.clustergateway.gateway.discovery.DiscoveredCluster;
import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.Cluster;
import io.clustergateway.routing.ModelProblem;
import io.clustergateway.routing.NatOptions;
import io.clustergateway.routing.NatPlan;
import io.clustergateway.routing.NetworkModel;
import io.clustergateway.routing.Office;
import io.clustergateway.routing.kernel.KernelRoute;
import io.clustergateway.routing.publish.RoutePublisher;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * Merges configuration with discovery and derives everything else from the result. Configured values win;
 * discovered ones fill what the configuration leaves out; a disagreement is recorded, never resolved silently.
 */
public final class ModelBuilder {
    private ModelBuilder() {}

    public static GatewayModel build(GatewaySettings settings, Map<String, DiscoveredCluster> discovered, Instant now) {
        List<ModelProblem> problems = new ArrayList<>();
        List<EffectiveCluster> merged = settings.clusters().stream()
                .map(c -> merge(c, Optional.ofNullable(discovered.get(c.name())).filter(d -> c.discovery()), problems))
                .toList();
        List<EffectiveCluster> clusters = withoutOverlappingDiscoveries(settings.offices(), merged, problems);
        List<Cluster> routingClusters = clusters.stream()
                .map(c -> new Cluster(c.name(), c.podCidrs(), c.serviceCidrs(), c.via()))
                .toList();
        NetworkModel network = new NetworkModel(settings.offices(), routingClusters);
        problems.addAll(network.validate());
        NatPlan plan = NatPlan.of(network, new NatOptions(settings.snatAddress(), settings.bridgeClusters()));
        List<KernelRoute> kernelRoutes = routingClusters.stream()
                .filter(c -> c.via().isPresent())
                .flatMap(c -> c.cidrs().stream().map(cidr -> new KernelRoute(cidr, c.via().get())))
                .toList();
        return new GatewayModel(settings, clusters, network, plan, kernelRoutes,
                RoutePublisher.routes(network, settings.nodeAddress(), settings.summarizeRoutes()),
                dnsRoutes(settings, clusters), problems, now);
    }

    private static EffectiveCluster merge(ClusterSettings config, Optional<DiscoveredCluster> found,
                                          List<ModelProblem> problems) {
        String key = "gateway.clusters." + config.name();
        List<Disagreement> disagreements = new ArrayList<>();

        List<String> configuredDns = config.dns().stream().map(Addresses::format).toList();
        List<String> discoveredDns = found.flatMap(DiscoveredCluster::dns).map(Addresses::format).stream().toList();
        Sourced dns = choose(config.name(), "dns", config.configured().dns() && !configuredDns.isEmpty(), configuredDns,
                discoveredDns, "kube-dns service", disagreements);
        List<InetSocketAddress> dnsServers = dns.source() == Source.CONFIG ? config.dns()
                : found.flatMap(DiscoveredCluster::dns).stream().toList();

        List<Cidr> discoveredPods = parseDiscovered(key + ".pod-cidrs", found.map(DiscoveredCluster::podCidrs), problems);
        Sourced pods = choose(config.name(), "pod-cidrs", config.configured().podCidrs(), texts(config.podCidrs()),
                texts(discoveredPods), found.map(DiscoveredCluster::podCidrSource).orElse(""), disagreements);
        List<Cidr> discoveredServices = parseDiscovered(key + ".service-cidrs",
                found.map(DiscoveredCluster::serviceCidrs), problems);
        Sourced services = choose(config.name(), "service-cidrs", config.configured().serviceCidrs(),
                texts(config.serviceCidrs()), texts(discoveredServices),
                found.map(DiscoveredCluster::serviceCidrSource).orElse(""), disagreements);

        return new EffectiveCluster(config.name(), text(config.domain()), text(config.alias()), config.priority(),
                dnsServers,
                pods.source() == Source.CONFIG ? config.podCidrs() : discoveredPods,
                services.source() == Source.CONFIG ? config.serviceCidrs() : discoveredServices,
                dns, pods, services, config.via(), config.discovery(), found, disagreements);
    }

    /**
     * Drops every discovered CIDR that overlaps a configured one (office or cluster) or one already kept for an
     * earlier cluster, recording why. Used anyway, such a CIDR would masquerade, publish and route traffic meant
     * for the other network into this cluster. Configured CIDRs never overlap (the start is refused), so only
     * discovery can bring an overlap; the configured side always wins.
     */
    private static List<EffectiveCluster> withoutOverlappingDiscoveries(List<Office> offices,
                                                                        List<EffectiveCluster> clusters,
                                                                        List<ModelProblem> problems) {
        List<Owned> kept = new ArrayList<>();
        for (Office office : offices) {
            office.cidrs().forEach(cidr -> kept.add(new Owned("gateway.offices." + office.name() + ".cidrs", cidr)));
        }
        for (EffectiveCluster cluster : clusters) {
            String key = "gateway.clusters." + cluster.name();
            if (cluster.pods().source() == Source.CONFIG) {
                cluster.podCidrs().forEach(cidr -> kept.add(new Owned(key + ".pod-cidrs", cidr)));
            }
            if (cluster.services().source() == Source.CONFIG) {
                cluster.serviceCidrs().forEach(cidr -> kept.add(new Owned(key + ".service-cidrs", cidr)));
            }
        }
        List<EffectiveCluster> result = new ArrayList<>();
        for (EffectiveCluster cluster : clusters) {
            String key = "gateway.clusters." + cluster.name();
            List<Cidr> pods = cluster.pods().source() == Source.DISCOVERY
                    ? keepDisjoint(key + ".pod-cidrs", cluster.podCidrs(), kept, problems) : cluster.podCidrs();
            List<Cidr> services = cluster.services().source() == Source.DISCOVERY
                    ? keepDisjoint(key + ".service-cidrs", cluster.serviceCidrs(), kept, problems)
                    : cluster.serviceCidrs();
            result.add(new EffectiveCluster(cluster.name(), cluster.domain(), cluster.alias(), cluster.priority(),
                    cluster.dnsServers(), pods, services, cluster.dns(), narrowed(cluster.pods(), pods),
                    narrowed(cluster.services(), services), cluster.via(), cluster.discoveryEnabled(),
                    cluster.discovered(), cluster.disagreements()));
        }
        return result;
    }

    private static List<Cidr> keepDisjoint(String key, List<Cidr> discovered, List<Owned> kept,
                                           List<ModelProblem> problems) {
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

    /** The values actually used, with their origin; nothing left of a discovery means nothing known. */
    private static Sourced narrowed(Sourced sourced, List<Cidr> used) {
        if (sourced.source() != Source.DISCOVERY || used.size() == sourced.values().size()) {
            return sourced;
        }
        return used.isEmpty() ? Sourced.none() : new Sourced(texts(used), sourced.source(), sourced.detail());
    }

    /** A CIDR in use and the configuration key it belongs to. */
    private record Owned(String key, Cidr cidr) {}

    private static Sourced choose(String cluster, String field, boolean configuredPresent, List<String> configured,
                                  List<String> discovered, String discoverySource, List<Disagreement> disagreements) {
        if (configuredPresent) {
            if (!discovered.isEmpty() && !new HashSet<>(configured).equals(new HashSet<>(discovered))) {
                disagreements.add(new Disagreement(cluster, field, configured, discovered, discoverySource));
            }
            return new Sourced(configured, Source.CONFIG, "");
        }
        if (!discovered.isEmpty()) {
            return new Sourced(discovered, Source.DISCOVERY, discoverySource);
        }
        return Sourced.none();
    }

    private static List<Cidr> parseDiscovered(String key, Optional<List<String>> texts, List<ModelProblem> problems) {
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

    /** allowFrom = allow-from + office CIDRs + cluster CIDRs: everyone the gateway serves may ask. */
    private static DnsRoutes dnsRoutes(GatewaySettings settings, List<EffectiveCluster> clusters) {
        List<ClusterDns> clusterDns = new ArrayList<>();
        Set<String> allowFrom = new LinkedHashSet<>(texts(settings.allowFrom()));
        settings.offices().stream().map(Office::cidrs).forEach(cidrs -> allowFrom.addAll(texts(cidrs)));
        for (EffectiveCluster cluster : clusters) {
            List<String> reverse = new ArrayList<>(texts(cluster.podCidrs()));
            reverse.addAll(texts(cluster.serviceCidrs()));
            allowFrom.addAll(reverse);
            // A cluster whose CoreDNS discovery has not found yet stays, with no server: its alias (and a domain only
            // it serves) then fails at once with SERVFAIL. Left out, those names would go to the public upstreams
            // and come back as an NXDOMAIN that laptops cache.
            clusterDns.add(new ClusterDns(cluster.name(), absolute(cluster.domain()), absolute(cluster.alias()),
                    cluster.priority(), cluster.dnsServers(), reverse));
        }
        return new DnsRoutes(clusterDns, settings.upstreams(), List.copyOf(allowFrom));
    }

    private static Name absolute(String text) {
        return Name.fromConstantString(text.endsWith(".") ? text : text + ".");
    }

    private static String text(Name name) {
        String text = name.toString();
        return text.endsWith(".") && text.length() > 1 ? text.substring(0, text.length() - 1) : text;
    }

    private static List<String> texts(List<Cidr> cidrs) {
        return cidrs.stream().map(Cidr::toString).toList();
    }
}
