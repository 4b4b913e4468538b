package io.clustergateway.routing.nat;

import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.NatRule;
import io.clustergateway.routing.Translation;
import java.util.ArrayList;
import java.util.List;

/**
 * The iptables shape of a plan: a chain of our own in the nat table, one rule per {@link NatRule}, written with
 * {@code iptables-restore --noflush} so that the chain is flushed and refilled in one commit while every other
 * chain stays as it is.
 */
final class IptablesRules {
    static final String CHAIN = "CLUSTER-GATEWAY";
    /** How POSTROUTING enters our chain; exactly once. */
    static final String JUMP = "-j " + CHAIN;

    /** iptables or ip6tables. */
    enum Family {
        IPV4("iptables"), IPV6("ip6tables");

        final String tool;

        Family(String tool) {
            this.tool = tool;
        }

        String restore() {
            return tool + "-restore";
        }

        String save() {
            return tool + "-save";
        }
    }

    private IptablesRules() {}

    /**
     * The restore input for one family: declare our chain (created if absent), flush it, add the rules, commit.
     * {@code extraLines} (jump repairs) go right before the commit.
     */
    static String restoreInput(Family family, List<NatRule> rules, List<String> extraLines) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(family.restore()).append(" --noflush\n");
        out.append("*nat\n");
        out.append(':').append(CHAIN).append(" - [0:0]\n");
        out.append("-F ").append(CHAIN).append('\n');
        for (NatRule rule : rules) {
            out.append("-A ").append(CHAIN).append(' ').append(spec(rule))
                    .append(" -m comment --comment \"").append(rule.comment()).append("\"")
                    .append(target(rule)).append('\n');
        }
        extraLines.forEach(line -> out.append(line).append('\n'));
        out.append("COMMIT\n");
        return out.toString();
    }

    /** What inspect compares: {@code -s 10.1.3.0/24 -d 10.200.0.0/16 -j MASQUERADE}, comment left out. */
    static String describe(NatRule rule) {
        return spec(rule) + target(rule);
    }

    private static String spec(NatRule rule) {
        return "-s " + rule.source() + " -d " + rule.destination();
    }

    private static String target(NatRule rule) {
        if (rule.translation() instanceof Translation.Snat snat) {
            return " -j SNAT --to-source " + NftRuleset.canonical(snat.to());
        }
        return " -j MASQUERADE";
    }

    /** The jump lines a restore needs so that POSTROUTING jumps to our chain exactly once. */
    static List<String> jumpRepairs(List<String> liveJumps) {
        List<String> lines = new ArrayList<>();
        boolean plainKept = false;
        for (String jump : liveJumps) {
            if (jump.equals(JUMP) && !plainKept) {
                plainKept = true;
            } else {
                lines.add("-D POSTROUTING " + jump);
            }
        }
        if (!plainKept) {
            lines.add("-A POSTROUTING " + JUMP);
        }
        return lines;
    }

    /** Normalizes an address as iptables-save prints it ({@code 10.1.3.5/32}). */
    static String cidr(String text) {
        try {
            return Cidr.parse(text).toString();
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
