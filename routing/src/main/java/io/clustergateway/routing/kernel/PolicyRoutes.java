package io.clustergateway.routing.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.command.CommandRunner;
import io.clustergateway.routing.translate.TranslatedCluster;
import io.clustergateway.routing.translate.TranslationPlan;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy routing of translated clusters: per cluster a routing table of ours holding its real and virtual
 * ranges via its next hop, an {@code ip rule} sending traffic marked with the cluster to that table, and one
 * sending the gateway's own traffic to a virtual range there (its first route lookup happens before any mark).
 * Rules and routes of ours carry protocol {@value KernelRoutes#ROUTE_PROTOCOL} and live in tables
 * {@code TABLE_BASE+1..TABLE_BASE+255}: nothing else is ever listed for change or deleted.
 */
public final class PolicyRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyRoutes.class);
    private static final String PROTO = String.valueOf(KernelRoutes.ROUTE_PROTOCOL);

    private final CommandRunner runner;

    public PolicyRoutes(CommandRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    /** One {@code ip rule} of ours: traffic with {@code mark} (or to {@code to}) looks up {@code table}. */
    public record Rule(int priority, String selector, int table) {
        static Rule marked(TranslatedCluster cluster) {
            return new Rule(TranslationPlan.RULE_PRIORITY_MARK,
                    "fwmark " + cluster.markText() + "/" + String.format("0x%08x", TranslationPlan.MARK_MASK), cluster.table());
        }

        static Rule to(Cidr virtual, TranslatedCluster cluster) {
            return new Rule(TranslationPlan.RULE_PRIORITY_VIRTUAL, "to " + virtual, cluster.table());
        }

        List<String> argv(String verb) {
            List<String> argv = new ArrayList<>(List.of("ip", "-4", "rule", verb, "priority", String.valueOf(priority)));
            argv.addAll(List.of(selector.split(" ")));
            argv.addAll(List.of("lookup", String.valueOf(table), "protocol", PROTO));
            return argv;
        }

        @Override
        public String toString() {
            return "priority " + priority + " " + selector + " lookup " + table;
        }
    }

    /** One route of ours in a cluster's table. */
    public record TableRoute(Cidr destination, InetAddress via, int table) {
        @Override
        public String toString() {
            return destination + " via " + via.getHostAddress() + " table " + table;
        }
    }

    public static List<Rule> rules(TranslationPlan plan) {
        List<Rule> rules = new ArrayList<>();
        for (TranslatedCluster cluster : plan.clusters()) {
            rules.add(Rule.marked(cluster));
            cluster.virtualCidrs().forEach(virtual -> rules.add(Rule.to(virtual, cluster)));
        }
        return List.copyOf(rules);
    }

    public static List<TableRoute> routes(TranslationPlan plan) {
        List<TableRoute> routes = new ArrayList<>();
        for (TranslatedCluster cluster : plan.clusters()) {
            cluster.realCidrs().forEach(real -> routes.add(new TableRoute(real, cluster.via(), cluster.table())));
            cluster.virtualCidrs().forEach(virtual -> routes.add(new TableRoute(virtual, cluster.via(), cluster.table())));
        }
        return List.copyOf(routes);
    }

    /**
     * Adds what {@code plan} needs and is missing, routes before rules so that a rule never points at a table
     * that lacks its routes. Call before the nft table that marks traffic for them.
     */
    public void install(TranslationPlan plan) throws CommandException {
        if (plan.isEmpty()) {
            return;
        }
        List<TableRoute> liveRoutes = currentRoutes();
        for (TableRoute route : routes(plan)) {
            if (!liveRoutes.contains(route)) {
                LOG.info("adding route {} proto {}", route, PROTO);
                runner.run("ip", "-4", "route", "replace", route.destination().toString(), "via",
                        route.via().getHostAddress(), "table", String.valueOf(route.table()), "proto", PROTO);
            }
        }
        List<Rule> liveRules = currentRules();
        for (Rule rule : rules(plan)) {
            if (!liveRules.contains(rule)) {
                LOG.info("adding ip rule {}", rule);
                runner.run(rule.argv("add"), null);
            }
        }
    }

    /** Deletes rules and routes of ours that {@code plan} no longer needs. Call after the nft table stopped using them. */
    public void prune(TranslationPlan plan) throws CommandException {
        Set<Rule> wantedRules = new LinkedHashSet<>(rules(plan));
        for (Rule rule : currentRules()) {
            if (!wantedRules.contains(rule)) {
                LOG.info("deleting ip rule {}", rule);
                runner.run(rule.argv("del"), null);
            }
        }
        List<TableRoute> wantedRoutes = routes(plan);
        for (TableRoute route : currentRoutes()) {
            // a route re-pointed was replaced in place by install
            boolean replaced = wantedRoutes.stream()
                    .anyMatch(wanted -> wanted.destination().equals(route.destination()) && wanted.table() == route.table());
            if (!replaced) {
                deleteRoute(route);
            }
        }
    }

    /** One line per rule or route missing or not wanted; empty when in sync. */
    public List<String> drift(TranslationPlan plan) throws CommandException {
        List<String> drift = new ArrayList<>();
        List<Rule> wantedRules = rules(plan);
        List<Rule> liveRules = currentRules();
        wantedRules.stream().filter(rule -> !liveRules.contains(rule)).forEach(rule -> drift.add("missing ip rule " + rule));
        liveRules.stream().filter(rule -> !wantedRules.contains(rule)).forEach(rule -> drift.add("unexpected ip rule " + rule));
        List<TableRoute> wantedRoutes = routes(plan);
        List<TableRoute> liveRoutes = currentRoutes();
        wantedRoutes.stream().filter(route -> !liveRoutes.contains(route)).forEach(route -> drift.add("missing route " + route));
        liveRoutes.stream().filter(route -> !wantedRoutes.contains(route)).forEach(route -> drift.add("unexpected route " + route));
        return drift;
    }

    /** Deletes every rule and table route of ours. */
    public void removeAll() throws CommandException {
        prune(TranslationPlan.none());
    }

    private void deleteRoute(TableRoute route) throws CommandException {
        LOG.info("deleting route {} proto {}", route, PROTO);
        runner.run("ip", "-4", "route", "del", route.destination().toString(), "via", route.via().getHostAddress(),
                "table", String.valueOf(route.table()), "proto", PROTO);
    }

    /** Our rules: protocol 200 at our priorities. */
    List<Rule> currentRules() throws CommandException {
        List<Rule> rules = new ArrayList<>();
        for (JsonNode rule : IpJson.read(runner.run("ip", "-4", "-j", "rule", "show").stdout(), "ip -j rule")) {
            int priority = rule.path("priority").asInt(-1);
            if (!PROTO.equals(rule.path("protocol").asText())
                    || (priority != TranslationPlan.RULE_PRIORITY_MARK && priority != TranslationPlan.RULE_PRIORITY_VIRTUAL)) {
                continue;
            }
            int table = rule.path("table").asInt(-1);
            if (rule.has("fwmark")) {
                long mark = Long.decode(rule.path("fwmark").asText());
                long mask = rule.has("fwmask") ? Long.decode(rule.path("fwmask").asText()) : 0xffffffffL;
                rules.add(new Rule(priority, String.format("fwmark 0x%08x/0x%08x", mark, mask), table));
            } else if (rule.has("dst")) {
                rules.add(new Rule(priority, "to " + cidr(rule.path("dst").asText() + "/" + rule.path("dstlen").asInt(32)), table));
            } else {
                rules.add(new Rule(priority, rule.toString(), table)); // not a shape we add: unexpected, shown as ip gave it
            }
        }
        return rules;
    }

    /** Our routes: protocol 200 in one of our tables. */
    List<TableRoute> currentRoutes() throws CommandException {
        List<TableRoute> routes = new ArrayList<>();
        for (JsonNode route : IpJson.read(runner.run("ip", "-4", "-j", "route", "show", "table", "all", "proto", PROTO).stdout(), "ip -j route")) {
            int table = route.path("table").asInt(-1);
            if (table <= TranslationPlan.TABLE_BASE || table > TranslationPlan.TABLE_BASE + 255
                    || !route.has("dst") || !route.has("gateway")) {
                continue;
            }
            String dst = route.path("dst").asText();
            try {
                routes.add(new TableRoute(cidr(dst.contains("/") ? dst : dst + "/32"),
                        InetAddress.getByName(route.path("gateway").asText()), table));
            } catch (UnknownHostException e) {
                throw new CommandException("cannot read route " + route + ": " + e.getMessage(), e);
            }
        }
        return routes;
    }

    private static Cidr cidr(String text) throws CommandException {
        try {
            return Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandException("cannot read " + text + " from `ip -j`: " + e.getMessage(), e);
        }
    }
}
