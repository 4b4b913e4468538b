package io.clustergateway.routing.translate;

import io.clustergateway.routing.Translation;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The destination NAT and policy routing the translated clusters need, as a value beside the source NAT plan:
 * traffic to a cluster's virtual range is marked with the cluster, mapped prefix-to-prefix onto the real range,
 * routed by the cluster's own table to its next hop, and leaves with the source translated as
 * {@code sourceTranslation} says (masquerade, or SNAT to the configured address).
 * <p>
 * Marks and tables are numbered by the order of cluster names. A renumbering after a change is harmless: every
 * packet is marked anew from its destination, and a connection's source translation was decided on its first
 * packet.
 */
public record TranslationPlan(List<TranslatedCluster> clusters, Translation sourceTranslation) {
    /**
     * The packet mark bits our {@code ip rule}s match: the top byte, so up to 255 translated clusters. Traffic to a
     * virtual range (which no other component knows) gets the whole mark set, lower bits cleared.
     */
    public static final int MARK_MASK = 0xff000000;
    /** Routing tables {@code 7301..7555} are ours: table {@value} + the cluster's index. */
    public static final int TABLE_BASE = 7300;
    /** Our {@code ip rule}s: marked traffic at this priority, the gateway's own traffic to virtual ranges just after. */
    public static final int RULE_PRIORITY_MARK = 7300;
    public static final int RULE_PRIORITY_VIRTUAL = 7301;
    private static final int MAX_CLUSTERS = 255;

    public TranslationPlan {
        clusters = List.copyOf(clusters);
        Objects.requireNonNull(sourceTranslation, "sourceTranslation");
    }

    public static TranslationPlan none() {
        return new TranslationPlan(List.of(), Translation.MASQUERADE);
    }

    /**
     * @param ranges the allocation in force
     * @param vias   the next hop of each translated cluster; a cluster without one is left out (validation
     *               reports it)
     * @param snat   the configured SNAT address; absent or IPv6: masquerade
     */
    public static TranslationPlan of(VirtualRanges ranges, Map<String, InetAddress> vias, Optional<InetAddress> snat) {
        List<TranslatedCluster> clusters = new ArrayList<>();
        int index = 0;
        for (String name : ranges.clusters()) {
            InetAddress via = vias.get(name);
            if (via == null) {
                continue;
            }
            index++;
            if (index > MAX_CLUSTERS) {
                throw new IllegalArgumentException("at most " + MAX_CLUSTERS + " clusters can be translated");
            }
            clusters.add(new TranslatedCluster(name, via, ranges.of(name), index << 24, TABLE_BASE + index));
        }
        Translation source = snat.filter(Inet4Address.class::isInstance)
                .<Translation>map(Translation.Snat::new)
                .orElse(Translation.MASQUERADE);
        return new TranslationPlan(clusters, source);
    }

    public boolean isEmpty() {
        return clusters.isEmpty();
    }
}
