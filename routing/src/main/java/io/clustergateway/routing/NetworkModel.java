package io.clustergateway.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The offices and clusters the gateway connects, as configured (and discovered). */
public record NetworkModel(List<Office> offices, List<Cluster> clusters) {

    public NetworkModel {
        offices = List.copyOf(offices);
        clusters = List.copyOf(clusters);
    }

    public static NetworkModel empty() {
        return new NetworkModel(List.of(), List.of());
    }

    /**
     * Every pair of overlapping networks, each reported once: office↔office, office↔cluster,
     * cluster↔cluster, and a cluster's own CIDRs among themselves (a pod CIDR inside its service CIDR
     * is as broken as two clusters sharing one). The problem names the later entry with its config key
     * and value, and the message names the earlier one. Also a cluster's {@code via} inside a routed network.
     */
    public List<ModelProblem> validate() {
        return validate(Set.of());
    }

    /**
     * As {@link #validate()}, where the clusters named in {@code translated} are reached through virtual ranges
     * of their own: their real ranges may equal or overlap another network's (but not each other within the
     * cluster), since nothing routes to them by their real addresses.
     */
    public List<ModelProblem> validate(Set<String> translated) {
        List<Entry> entries = entries();
        List<ModelProblem> problems = new ArrayList<>();
        for (int later = 0; later < entries.size(); later++) {
            for (int earlier = 0; earlier < later; earlier++) {
                Entry a = entries.get(earlier);
                Entry b = entries.get(later);
                boolean apartByTranslation = !a.owner.equals(b.owner)
                        && (translated.contains(a.owner) || translated.contains(b.owner));
                if (a.cidr.overlaps(b.cidr) && !apartByTranslation) {
                    problems.add(new ModelProblem(b.key, b.cidr.toString(), describeOverlap(b, a)));
                }
            }
        }
        problems.addAll(unreachableNextHops(entries));
        return List.copyOf(problems);
    }

    /**
     * A cluster's {@code via} inside a routed network (its own or anyone's) can only be reached through
     * the route it is meant to serve: the kernel refuses such a route.
     */
    private List<ModelProblem> unreachableNextHops(List<Entry> entries) {
        List<ModelProblem> problems = new ArrayList<>();
        for (Cluster cluster : clusters) {
            cluster.via().ifPresent(via -> entries.stream()
                    .filter(entry -> entry.cidr.contains(via))
                    .findFirst()
                    .ifPresent(entry -> problems.add(new ModelProblem("gateway.clusters." + cluster.name() + ".via",
                            via.getHostAddress(), "is inside " + entry.key + " " + entry.cidr
                            + "; the next hop into a cluster must be reachable without that route"))));
        }
        return problems;
    }

    /** The cluster with this name. */
    public Optional<Cluster> cluster(String name) {
        return clusters.stream().filter(cluster -> cluster.name().equals(name)).findFirst();
    }

    private static String describeOverlap(Entry problem, Entry other) {
        if (!problem.cidr.equals(other.cidr)) {
            return "overlaps " + other.key + " " + other.cidr;
        }
        if (problem.key.equals(other.key)) {
            return "is listed twice in " + other.key;
        }
        return "is also " + other.key + " " + other.cidr;
    }

    private List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        for (Office office : offices) {
            addAll(entries, "office:" + office.name(), "gateway.offices." + office.name() + ".cidrs", office.cidrs());
        }
        for (Cluster cluster : clusters) {
            addAll(entries, cluster.name(), "gateway.clusters." + cluster.name() + ".pod-cidrs", cluster.podCidrs());
            addAll(entries, cluster.name(), "gateway.clusters." + cluster.name() + ".service-cidrs", cluster.serviceCidrs());
        }
        return entries;
    }

    private static void addAll(List<Entry> entries, String owner, String key, List<Cidr> cidrs) {
        for (Cidr cidr : cidrs) {
            entries.add(new Entry(owner, key, cidr));
        }
    }

    /** One configured network; {@code owner} is the cluster's name, or "office:NAME". */
    private record Entry(String owner, String key, Cidr cidr) {
        Entry {
            Objects.requireNonNull(cidr, key);
        }
    }
}
