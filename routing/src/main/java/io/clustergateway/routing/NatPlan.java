package io.clustergateway.routing;

import io.clustergateway.routing.translate.TranslationPlan;

import java.net.InetAddress;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The NAT the gateway wants in place, as a value: computed from the model, rendered by a backend,
 * compared with the previous plan, shown over HTTP, without touching the kernel. {@code rules} translate the
 * source of traffic into clusters; {@code translation} carries traffic to translated clusters' virtual ranges.
 */
public record NatPlan(List<NatRule> rules, TranslationPlan translation) {

    /** Offices before clusters, then by sender name, source, receiver name, destination. */
    private static final Comparator<NatRule> ORDER = Comparator
            .comparing(NatRule::sender, NetworkRef.ORDER)
            .thenComparing(NatRule::source)
            .thenComparing(NatRule::receiver, NetworkRef.ORDER)
            .thenComparing(NatRule::destination);

    public NatPlan {
        rules = List.copyOf(rules);
        Objects.requireNonNull(translation, "translation");
    }

    /** Source NAT only, no translated cluster. */
    public NatPlan(List<NatRule> rules) {
        this(rules, TranslationPlan.none());
    }

    /** This plan with the given translation beside its rules. */
    public NatPlan withTranslation(TranslationPlan next) {
        return new NatPlan(rules, next);
    }

    public static NatPlan empty() {
        return new NatPlan(List.of());
    }

    /**
     * For each office CIDR × each cluster CIDR (pod and service), and with {@code bridgeClusters} for each
     * ordered pair of different clusters, one rule per source/destination pair of the same address family.
     * Traffic within one cluster is never translated.
     * <p>
     * With an SNAT address, rules of the address's family SNAT to it; rules of the other family are
     * masqueraded, because an IPv4 address cannot be the source of IPv6 packets and dropping those rules
     * would silently cut the IPv6 networks off.
     */
    public static NatPlan of(NetworkModel model, NatOptions options) {
        Set<NatRule> rules = new LinkedHashSet<>();
        for (Office office : model.offices()) {
            for (Cluster cluster : model.clusters()) {
                addPairs(rules, NetworkRef.office(office.name()), office.cidrs(), cluster, options.snatAddress());
            }
        }
        if (options.bridgeClusters()) {
            for (Cluster from : model.clusters()) {
                for (Cluster to : model.clusters()) {
                    if (!from.name().equals(to.name())) {
                        addPairs(rules, NetworkRef.cluster(from.name()), from.cidrs(), to, options.snatAddress());
                    }
                }
            }
        }
        List<NatRule> sorted = new ArrayList<>(rules);
        sorted.sort(ORDER);
        return new NatPlan(sorted);
    }

    private static void addPairs(Set<NatRule> rules, NetworkRef sender, List<Cidr> sources, Cluster to,
                                 Optional<InetAddress> snatAddress) {
        for (Cidr source : sources) {
            for (Cidr destination : to.cidrs()) {
                if (source.isIpv4() == destination.isIpv4()) {
                    rules.add(new NatRule(sender, source, NetworkRef.cluster(to.name()), destination,
                            translation(source.isIpv4(), snatAddress)));
                }
            }
        }
    }

    private static Translation translation(boolean ipv4, Optional<InetAddress> snatAddress) {
        return snatAddress
                .filter(address -> (address instanceof Inet4Address) == ipv4)
                .<Translation>map(Translation.Snat::new)
                .orElse(Translation.MASQUERADE);
    }

    public boolean isEmpty() {
        return rules.isEmpty() && translation.isEmpty();
    }

    public boolean hasIpv6() {
        return rules.stream().anyMatch(rule -> !rule.isIpv4());
    }

    public List<NatRule> ipv4Rules() {
        return rules.stream().filter(NatRule::isIpv4).toList();
    }

    public List<NatRule> ipv6Rules() {
        return rules.stream().filter(rule -> !rule.isIpv4()).toList();
    }

    /** What changes when going from this plan to {@code next}. */
    public Diff diff(NatPlan next) {
        Set<NatRule> before = new LinkedHashSet<>(rules);
        Set<NatRule> after = new LinkedHashSet<>(next.rules);
        List<NatRule> added = next.rules.stream().filter(rule -> !before.contains(rule)).toList();
        List<NatRule> removed = rules.stream().filter(rule -> !after.contains(rule)).toList();
        return new Diff(added, removed);
    }

    /** Rules a new plan adds and removes, for the reconcile log. */
    public record Diff(List<NatRule> added, List<NatRule> removed) {
        public Diff {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
        }

        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty();
        }

        /** {@code + office:hq 10.1.3.0/24 -> cluster:new 10.100.0.0/16 masquerade}, removals with "-". */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            removed.forEach(rule -> lines.add("- " + rule));
            added.forEach(rule -> lines.add("+ " + rule));
            return List.copyOf(lines);
        }
    }
}
