package io.clustergateway.routing.nat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.nat.NftRuleset.NftRule;
import io.clustergateway.routing.nat.NftRuleset.NftSet;
import io.clustergateway.routing.nat.NftRuleset.Table;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Our table as {@code nft -j list table} shows it, reduced to what the plan decides: the chain's hook, sets'
 * CIDRs, rules in nft syntax (counters and comments left out). {@link #drift} compares it with the planned table.
 */
record NftState(List<Chain> chains, Map<String, List<Cidr>> sets, List<String> rules) {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Chain(String name, String type, String hook, int priority, String policy) {
        String describe() {
            return "type " + type + " hook " + hook + " priority " + priority + " policy " + policy;
        }
    }

    static NftState parse(String json) throws CommandException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new CommandException("cannot parse `nft -j list table` output: " + e.getMessage(), e);
        }
        List<Chain> chains = new ArrayList<>();
        Map<String, List<Cidr>> sets = new LinkedHashMap<>();
        List<String> rules = new ArrayList<>();
        for (JsonNode item : root.path("nftables")) {
            if (item.has("chain")) {
                JsonNode chain = item.get("chain");
                chains.add(new Chain(chain.path("name").asText(), chain.path("type").asText("none"),
                        chain.path("hook").asText("none"), chain.path("prio").asInt(0), chain.path("policy").asText("none")));
            } else if (item.has("set")) {
                JsonNode set = item.get("set");
                sets.put(set.path("name").asText(), elements(set.path("elem")));
            } else if (item.has("rule")) {
                JsonNode rule = item.get("rule");
                String chain = rule.path("chain").asText();
                String text = describe(rule);
                rules.add(chain.equals(NftRuleset.CHAIN) ? text : chain + ": " + text);
            }
        }
        return new NftState(List.copyOf(chains), sets, List.copyOf(rules));
    }

    /** Human lines for each way this live table differs from the planned one; empty when in sync. */
    List<String> drift(Table planned) {
        String table = planned.family().table();
        List<String> drift = new ArrayList<>();
        for (NftRuleset.NftChain wanted : planned.allChains()) {
            Optional<Chain> chain = chains.stream().filter(c -> c.name().equals(wanted.name())).findFirst();
            Chain expectedChain = new Chain(wanted.name(), wanted.type(), wanted.hook(), wanted.priority(), "accept");
            if (chain.isEmpty()) {
                drift.add("chain " + wanted.name() + " absent from table " + table);
            } else if (!chain.get().equals(expectedChain)) {
                drift.add("chain " + wanted.name() + " in table " + table + " is " + chain.get().describe()
                        + ", expected " + expectedChain.describe());
            }
        }
        chains.stream().filter(c -> planned.allChains().stream().noneMatch(wanted -> wanted.name().equals(c.name())))
                .forEach(c -> drift.add("unexpected chain " + c.name() + " in table " + table));
        Map<String, NftSet> plannedSets = new LinkedHashMap<>();
        planned.sets().forEach(set -> plannedSets.put(set.name(), set));
        for (NftSet set : planned.sets()) {
            List<Cidr> live = sets.get(set.name());
            if (live == null) {
                drift.add("set " + set.name() + " (" + set.comment() + ") absent from table " + table);
                continue;
            }
            set.elements().stream().filter(cidr -> !live.contains(cidr))
                    .forEach(cidr -> drift.add("set " + set.name() + " lacks " + cidr));
            live.stream().filter(cidr -> !set.elements().contains(cidr))
                    .forEach(cidr -> drift.add("set " + set.name() + " has unexpected " + cidr));
        }
        sets.keySet().stream().filter(name -> !plannedSets.containsKey(name))
                .forEach(name -> drift.add("unexpected set " + name + " in table " + table));
        List<String> unmatched = new ArrayList<>(rules);
        for (NftRule rule : planned.rules()) {
            if (!unmatched.remove(rule.describe())) {
                drift.add("missing rule: " + rule.describe() + " (" + rule.comment() + ")");
            }
        }
        for (NftRuleset.ChainRule rule : planned.chainRules()) {
            if (!unmatched.remove(rule.describe())) {
                drift.add("missing rule: " + rule.describe() + " (" + rule.comment() + ")");
            }
        }
        unmatched.forEach(rule -> drift.add("unexpected rule in table " + table + ": " + rule));
        return drift;
    }

    /** Set elements as summarized CIDRs; nft may print a prefix, a bare address, or a range. */
    private static List<Cidr> elements(JsonNode elem) throws CommandException {
        List<Cidr> cidrs = new ArrayList<>();
        for (JsonNode element : elem) {
            JsonNode value = element.has("elem") ? element.get("elem").path("val") : element;
            if (value.isTextual()) {
                cidrs.add(cidr(value.asText()));
            } else if (value.has("prefix")) {
                cidrs.add(cidr(value.get("prefix").path("addr").asText() + "/" + value.get("prefix").path("len").asInt()));
            } else if (value.has("range")) {
                IPAddress low = address(value.get("range").path(0).asText());
                IPAddress high = address(value.get("range").path(1).asText());
                for (IPAddress block : low.spanWithRange(high).spanWithPrefixBlocks()) {
                    cidrs.add(new Cidr(block));
                }
            } else {
                throw new CommandException("cannot read set element " + value + " of our nft table");
            }
        }
        return Cidr.summarize(cidrs);
    }

    /** A rule in nft syntax ({@code ip saddr @office_hq ip daddr @cluster_old masquerade}); counters dropped. */
    private static String describe(JsonNode rule) throws CommandException {
        List<String> parts = new ArrayList<>();
        for (JsonNode expr : rule.path("expr")) {
            if (expr.has("counter")) {
                continue;
            }
            if (expr.has("masquerade") && expr.get("masquerade").isNull()) {
                parts.add("masquerade");
            } else if (expr.has("snat") && expr.get("snat").has("addr") && expr.get("snat").size() == 1) {
                parts.add("snat to " + address(expr.get("snat").get("addr").asText()).toCanonicalString());
            } else if (TranslationExpressions.describe(expr).isPresent()) {
                parts.add(TranslationExpressions.describe(expr).get());
            } else if (isAddressMatch(expr)) {
                JsonNode match = expr.get("match");
                JsonNode payload = match.get("left").get("payload");
                parts.add(payload.get("protocol").asText() + " " + payload.get("field").asText() + " " + operand(match.get("right")));
            } else {
                parts.add(expr.toString()); // anything we never write makes the rule unexpected, shown as nft gave it
            }
        }
        return String.join(" ", parts);
    }

    private static boolean isAddressMatch(JsonNode expr) {
        JsonNode match = expr.get("match");
        if (match == null || !"==".equals(match.path("op").asText())) {
            return false;
        }
        JsonNode payload = match.path("left").path("payload");
        String field = payload.path("field").asText();
        return payload.path("protocol").asText().matches("ip6?") && (field.equals("saddr") || field.equals("daddr"));
    }

    private static String operand(JsonNode right) throws CommandException {
        if (right.isTextual()) {
            String text = right.asText();
            return text.startsWith("@") ? text : cidr(text).toString();
        }
        if (right.has("prefix")) {
            return cidr(right.get("prefix").path("addr").asText() + "/" + right.get("prefix").path("len").asInt()).toString();
        }
        return right.toString();
    }

    static Cidr cidr(String text) throws CommandException {
        try {
            return Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandException("cannot read address " + text + " in our nft table: " + e.getMessage(), e);
        }
    }

    private static IPAddress address(String text) throws CommandException {
        IPAddress address = new IPAddressString(text).getAddress();
        if (address == null) {
            throw new CommandException("cannot read address " + text + " in our nft table");
        }
        return address;
    }
}
