package io.clustergateway.routing.nat;

import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.nat.NftRuleset.ChainRule;
import io.clustergateway.routing.nat.NftRuleset.NftChain;
import io.clustergateway.routing.nat.NftRuleset.Table;
import io.clustergateway.routing.translate.TranslatedCluster;
import io.clustergateway.routing.translate.TranslationPlan;
import io.clustergateway.routing.translate.VirtualRange;
import java.util.ArrayList;
import java.util.List;

/**
 * The nftables side of translated clusters, in our own {@code ip} table. For each virtual range:
 * <ul>
 *   <li>the packet is marked with its cluster before routing (forwarded: prerouting mangle; the gateway's own:
 *       a route chain in output) and the mark kept on its connection (ct mark), so that {@code ip rule fwmark}
 *       sends it to the cluster's table and next hop;</li>
 *   <li>its destination is mapped prefix to prefix onto the real range ({@code dnat ip prefix to}, the nftables
 *       NETMAP), so 100.70.1.5 becomes 10.244.1.5 and the offset is kept;</li>
 *   <li>it leaves masqueraded (or SNAT to the configured address), matched by the mark: the cluster answers the
 *       gateway, and conntrack, which made the source unique per connection, undoes both translations on the
 *       reply, so two clusters' identical real addresses never share a connection.</li>
 * </ul>
 */
final class TranslationRules {
    private TranslationRules() {}

    /** {@code table} with the translation chains and rules added; unchanged when nothing is translated. */
    static Table addTo(Table table, TranslationPlan plan) {
        if (plan.isEmpty()) {
            return table;
        }
        List<ChainRule> rules = new ArrayList<>();
        for (TranslatedCluster cluster : plan.clusters()) {
            for (VirtualRange range : cluster.ranges()) {
                String mark = "ip daddr " + range.virtual() + " meta mark set " + cluster.markText() + " ct mark set meta mark";
                String dnat = "ip daddr " + range.virtual() + " dnat ip prefix to " + range.real();
                String comment = "cluster:" + cluster.name() + " " + range.virtual() + " is " + range.real();
                rules.add(new ChainRule(NftRuleset.TRANSLATE_MARK, mark, comment));
                rules.add(new ChainRule(NftRuleset.TRANSLATE_MARK_LOCAL, mark, comment));
                rules.add(new ChainRule(NftRuleset.TRANSLATE_DNAT, dnat, comment));
                rules.add(new ChainRule(NftRuleset.TRANSLATE_DNAT_LOCAL, dnat, comment));
            }
            // a reply carries its cluster's mark too, so that a strict reverse path filter (with src_valid_mark)
            // finds its real source address in the cluster's table; it is then routed by the main table
            rules.add(new ChainRule(NftRuleset.TRANSLATE_MARK, "ct direction reply ct mark " + cluster.markText()
                    + " meta mark set " + cluster.markText(), "replies of cluster:" + cluster.name()));
            rules.add(new ChainRule(NftRuleset.POSTROUTING, "meta mark " + cluster.markText() + " "
                    + NftRuleset.action(plan.sourceTranslation()), "to cluster:" + cluster.name() + " via "
                    + cluster.via().getHostAddress() + " " + virtualRanges(cluster)));
        }
        List<NftChain> chains = List.of(NftRuleset.TRANSLATE_MARK, NftRuleset.TRANSLATE_MARK_LOCAL,
                NftRuleset.TRANSLATE_DNAT, NftRuleset.TRANSLATE_DNAT_LOCAL);
        return new Table(table.family(), table.sets(), table.rules(), chains, List.copyOf(rules));
    }

    private static String virtualRanges(TranslatedCluster cluster) {
        return String.join(",", cluster.virtualCidrs().stream().map(Cidr::toString).toList());
    }
}
