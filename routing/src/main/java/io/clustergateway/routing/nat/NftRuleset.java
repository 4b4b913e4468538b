package io.clustergateway.routing.nat;

import inet.ipaddr.IPAddressString;
import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.NatPlan;
import io.clustergateway.routing.NatRule;
import io.clustergateway.routing.NetworkRef;
import io.clustergateway.routing.Translation;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The nftables shape of a {@link NatPlan}, knftables-style: per address family one table of our own holding a
 * named interval set of CIDRs per network ({@code office_hq}, {@code cluster_old}) and one rule per pair of
 * networks ({@code ip saddr @office_hq ip daddr @cluster_old masquerade}), so the rule count grows with the
 * number of offices and clusters, not with their CIDRs.
 * <p>
 * A plan built by {@link NatPlan#of} always has that pair shape. Hand-built plans whose rules for a pair are not
 * every source CIDR times every destination CIDR get one literal rule per {@link NatRule} instead, so that what
 * is applied is exactly the plan.
 */
final class NftRuleset {
    static final String TABLE = "cluster_gateway";
    static final String CHAIN = "postrouting";
    /** {@code srcnat}: where nat postrouting chains of kube-proxy and Docker sit too. */
    static final int SRCNAT_PRIORITY = 100;

    /** Our table in one address family. */
    enum Family {
        IPV4("ip", "ipv4_addr"), IPV6("ip6", "ipv6_addr");

        final String nft;
        final String addressType;

        Family(String nft, String addressType) {
            this.nft = nft;
            this.addressType = addressType;
        }

        /** {@code ip cluster_gateway}. */
        String table() {
            return nft + " " + TABLE;
        }
    }

    /** A named set of CIDRs of one network. */
    record NftSet(String name, String comment, List<Cidr> elements) {}

    /**
     * One postrouting rule. {@code source}/{@code destination} are a set reference ({@code @office_hq}) or a
     * CIDR ({@code 10.1.3.0/24}).
     */
    record NftRule(Family family, String source, String destination, Translation translation, String comment) {
        /** The rule as nft prints it, without counter and comment: what inspect compares. */
        String describe() {
            return family.nft + " saddr " + source + " " + family.nft + " daddr " + destination + " " + action(translation);
        }

        String render() {
            return family.nft + " saddr " + source + " " + family.nft + " daddr " + destination
                    + " counter " + action(translation) + " comment " + quote(comment);
        }
    }

    /** A base chain of ours: its name and where it hooks in. */
    record NftChain(String name, String type, String hook, int priority) {
        String render() {
            return "type " + type + " hook " + hook + " priority " + priority + "; policy accept;";
        }
    }

    static final NftChain POSTROUTING = new NftChain(CHAIN, "nat", "postrouting", SRCNAT_PRIORITY);
    /** Marks forwarded traffic to a virtual range with its cluster before routing: mangle, ahead of dstnat. */
    static final NftChain TRANSLATE_MARK = new NftChain("translate_mark", "filter", "prerouting", -150);
    /** The same for the gateway's own traffic; a route chain makes the kernel route again after the mark. */
    static final NftChain TRANSLATE_MARK_LOCAL = new NftChain("translate_mark_local", "route", "output", -150);
    /** Maps a virtual range onto its real one, prefix to prefix, for forwarded traffic. */
    static final NftChain TRANSLATE_DNAT = new NftChain("translate_dnat", "nat", "prerouting", -100);
    static final NftChain TRANSLATE_DNAT_LOCAL = new NftChain("translate_dnat_local", "nat", "output", -100);

    /**
     * A rule of a translated cluster, {@code text} in the nft syntax nft prints back (counters left out);
     * {@link #describe()} is what inspect compares, prefixed with the chain unless it is postrouting.
     */
    record ChainRule(NftChain chain, String text, String comment) {
        String describe() {
            return chain.equals(POSTROUTING) ? text : chain.name() + ": " + text;
        }

        String render() {
            int action = actionStart(text);
            return text.substring(0, action) + "counter " + text.substring(action) + " comment " + quote(comment);
        }

        /** Where the first statement begins: after the matches, which all start with "ip daddr" or "meta mark N". */
        private static int actionStart(String text) {
            for (String statement : List.of("meta mark set", "dnat ", "masquerade", "snat ")) {
                int at = text.indexOf(statement);
                if (at >= 0) {
                    return at;
                }
            }
            throw new IllegalArgumentException("no statement in " + text);
        }
    }

    /**
     * @param chains     the base chains besides {@link #POSTROUTING}: the translation chains, when the plan has
     *                   translated clusters
     * @param chainRules the translated clusters' rules, in those chains and in postrouting
     */
    record Table(Family family, List<NftSet> sets, List<NftRule> rules, List<NftChain> chains, List<ChainRule> chainRules) {
        Table(Family family, List<NftSet> sets, List<NftRule> rules) {
            this(family, sets, rules, List.of(), List.of());
        }

        /** Every base chain of the table, postrouting first. */
        List<NftChain> allChains() {
            List<NftChain> all = new ArrayList<>();
            all.add(POSTROUTING);
            all.addAll(chains);
            return all;
        }
    }

    private NftRuleset() {}

    /** The tables for a plan: always {@code ip}; {@code ip6} when the plan has IPv6 rules. */
    static List<Table> tables(NatPlan plan) {
        List<Table> tables = new ArrayList<>();
        tables.add(TranslationRules.addTo(table(Family.IPV4, plan.ipv4Rules()), plan.translation()));
        if (plan.hasIpv6()) {
            tables.add(table(Family.IPV6, plan.ipv6Rules()));
        }
        return List.copyOf(tables);
    }

    /**
     * The script {@code nft -f -} runs: each table is added (so that deleting it cannot fail), deleted and declared
     * anew, all in one transaction. The {@code ip6} table is deleted without a new one when the plan has no IPv6.
     */
    static String script(NatPlan plan) {
        List<Table> tables = tables(plan);
        StringBuilder out = new StringBuilder();
        out.append("# cluster-gateway source NAT: one transaction that recreates our tables; other tables are untouched\n");
        for (Table table : tables) {
            out.append(recreate(table));
        }
        if (tables.stream().noneMatch(table -> table.family() == Family.IPV6)) {
            out.append("add table ").append(Family.IPV6.table()).append('\n');
            out.append("delete table ").append(Family.IPV6.table()).append('\n');
        }
        return out.toString();
    }

    /** The script that deletes our tables, absent or not. */
    static String removalScript() {
        StringBuilder out = new StringBuilder();
        for (Family family : Family.values()) {
            out.append("add table ").append(family.table()).append('\n');
            out.append("delete table ").append(family.table()).append('\n');
        }
        return out.toString();
    }

    private static String recreate(Table table) {
        StringBuilder out = new StringBuilder();
        out.append("add table ").append(table.family().table()).append('\n');
        out.append("delete table ").append(table.family().table()).append('\n');
        out.append("table ").append(table.family().table()).append(" {\n");
        out.append("\tcomment ").append(quote("managed by cluster-gateway: replaced as a whole on every reconcile")).append('\n');
        for (NftSet set : table.sets()) {
            out.append("\tset ").append(set.name()).append(" {\n");
            out.append("\t\ttype ").append(table.family().addressType).append('\n');
            out.append("\t\tflags interval\n");
            out.append("\t\tcomment ").append(quote(set.comment())).append('\n');
            out.append("\t\telements = { ");
            out.append(String.join(", ", set.elements().stream().map(Cidr::toString).toList()));
            out.append(" }\n");
            out.append("\t}\n\n");
        }
        out.append("\tchain ").append(CHAIN).append(" {\n");
        out.append("\t\ttype nat hook postrouting priority srcnat; policy accept;\n");
        for (NftRule rule : table.rules()) {
            out.append("\t\t").append(rule.render()).append('\n');
        }
        appendChainRules(out, table, POSTROUTING);
        out.append("\t}\n");
        for (NftChain chain : table.chains()) {
            out.append("\n\tchain ").append(chain.name()).append(" {\n");
            out.append("\t\t").append(chain.render()).append('\n');
            appendChainRules(out, table, chain);
            out.append("\t}\n");
        }
        out.append("}\n");
        return out.toString();
    }

    private static void appendChainRules(StringBuilder out, Table table, NftChain chain) {
        for (ChainRule rule : table.chainRules()) {
            if (rule.chain().equals(chain)) {
                out.append("\t\t").append(rule.render()).append('\n');
            }
        }
    }

    static Table table(Family family, List<NatRule> rules) {
        Map<NetworkRef, Set<Cidr>> networks = networks(rules);
        Map<NetworkRef, String> setNames = setNames(networks.keySet());
        Map<PairKey, List<NatRule>> pairs = new LinkedHashMap<>();
        for (NatRule rule : rules) {
            pairs.computeIfAbsent(new PairKey(rule.sender(), rule.receiver(), rule.translation()), key -> new ArrayList<>())
                    .add(rule);
        }
        Set<NetworkRef> usedNetworks = new LinkedHashSet<>();
        List<NftRule> nftRules = new ArrayList<>();
        for (Map.Entry<PairKey, List<NatRule>> pair : pairs.entrySet()) {
            PairKey key = pair.getKey();
            if (coversWholeNetworks(pair.getValue(), networks.get(key.source()), networks.get(key.destination()))) {
                usedNetworks.add(key.source());
                usedNetworks.add(key.destination());
                nftRules.add(new NftRule(family, "@" + setNames.get(key.source()), "@" + setNames.get(key.destination()),
                        key.translation(), safeComment(key.source().id() + " -> " + key.destination().id())));
            } else {
                for (NatRule rule : pair.getValue()) {
                    nftRules.add(new NftRule(family, rule.source().toString(), rule.destination().toString(),
                            rule.translation(), rule.comment()));
                }
            }
        }
        List<NftSet> sets = usedNetworks.stream()
                .map(network -> new NftSet(setNames.get(network), safeComment(network.id()),
                        Cidr.summarize(networks.get(network))))
                .sorted(java.util.Comparator.comparing(NftSet::name))
                .toList();
        return new Table(family, sets, List.copyOf(nftRules));
    }

    private record PairKey(NetworkRef source, NetworkRef destination, Translation translation) {}

    /** Every network's CIDRs, as sender or receiver, in plan order. */
    private static Map<NetworkRef, Set<Cidr>> networks(List<NatRule> rules) {
        Map<NetworkRef, Set<Cidr>> networks = new LinkedHashMap<>();
        for (NatRule rule : rules) {
            networks.computeIfAbsent(rule.sender(), key -> new LinkedHashSet<>()).add(rule.source());
            networks.computeIfAbsent(rule.receiver(), key -> new LinkedHashSet<>()).add(rule.destination());
        }
        return networks;
    }

    /** The pair's rules are exactly all of the source network's CIDRs times all of the destination's. */
    private static boolean coversWholeNetworks(List<NatRule> rules, Set<Cidr> sources, Set<Cidr> destinations) {
        Set<List<Cidr>> pairs = new HashSet<>();
        for (NatRule rule : rules) {
            pairs.add(List.of(rule.source(), rule.destination()));
        }
        if (pairs.size() != sources.size() * destinations.size()) {
            return false;
        }
        for (Cidr source : sources) {
            for (Cidr destination : destinations) {
                if (!pairs.contains(List.of(source, destination))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code office:hq} → {@code office_hq}; unique, a valid nft identifier. */
    private static Map<NetworkRef, String> setNames(Set<NetworkRef> networks) {
        Map<NetworkRef, String> names = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (NetworkRef network : networks) {
            String base = network.id().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
            if (base.isEmpty() || !Character.isLetter(base.charAt(0)) || !base.contains("_")) {
                base = "net_" + base; // never a bare keyword such as "ip" or "counter"
            }
            if (base.length() > 200) {
                base = base.substring(0, 200);
            }
            String name = base;
            for (int n = 2; !taken.add(name); n++) {
                name = base + "_" + n;
            }
            names.put(network, name);
        }
        return names;
    }

    static String action(Translation translation) {
        if (translation instanceof Translation.Snat snat) {
            return "snat to " + canonical(snat.to());
        }
        return "masquerade";
    }

    /** {@code fd00::1}, not Java's {@code fd00:0:0:0:0:0:0:1}: the way nft prints it back. */
    static String canonical(InetAddress address) {
        return new IPAddressString(address.getHostAddress()).getAddress().toCanonicalString();
    }

    /** nft keeps at most 128 bytes of comment; quotes would end the string. */
    static String safeComment(String text) {
        String safe = text.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "_");
        return safe.length() <= 128 ? safe : safe.substring(0, 128);
    }

    static String quote(String comment) {
        return "\"" + safeComment(comment) + "\"";
    }
}
