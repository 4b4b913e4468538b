package io.clustergateway.routing.nat;

import java.util.ArrayList;
import java.util.List;

/**
 * The nat table as {@code iptables-save -t nat} prints it, reduced to what is ours: whether our chain exists,
 * its rules ({@code -s .. -d .. -j MASQUERADE}, comments dropped) and the POSTROUTING rules that jump to it.
 */
record IptablesState(boolean chainExists, List<String> rules, List<String> jumps) {

    static IptablesState parse(String save) {
        boolean chainExists = false;
        boolean inNat = false;
        List<String> rules = new ArrayList<>();
        List<String> jumps = new ArrayList<>();
        for (String raw : save.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("*")) {
                inNat = line.equals("*nat");
            } else if (!inNat) {
                continue;
            } else if (line.startsWith(":" + IptablesRules.CHAIN + " ")) {
                chainExists = true;
            } else if (line.startsWith("-A " + IptablesRules.CHAIN + " ")) {
                rules.add(describe(tokens(line.substring(3 + IptablesRules.CHAIN.length() + 1))));
            } else if (line.startsWith("-A POSTROUTING ")) {
                List<String> tokens = tokens(line);
                int target = tokens.indexOf("-j");
                if (target >= 0 && target + 1 < tokens.size() && tokens.get(target + 1).equals(IptablesRules.CHAIN)) {
                    jumps.add(line.substring("-A POSTROUTING ".length()));
                }
            }
        }
        return new IptablesState(chainExists, List.copyOf(rules), List.copyOf(jumps));
    }

    /** {@code -s A -d B -j MASQUERADE} or {@code ... -j SNAT --to-source X}; anything else is kept as printed. */
    private static String describe(List<String> tokens) {
        String source = null;
        String destination = null;
        String target = null;
        String toSource = null;
        List<String> other = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
            switch (token) {
                case "-s" -> { source = IptablesRules.cidr(next); i++; }
                case "-d" -> { destination = IptablesRules.cidr(next); i++; }
                case "-j" -> { target = next; i++; }
                case "--to-source" -> { toSource = next; i++; }
                case "--comment" -> i++;
                case "-m" -> {
                    if (!next.equals("comment")) {
                        other.add(token + " " + next);
                    }
                    i++;
                }
                default -> other.add(token);
            }
        }
        StringBuilder rule = new StringBuilder();
        if (source != null) {
            rule.append("-s ").append(source);
        }
        if (destination != null) {
            rule.append(rule.isEmpty() ? "" : " ").append("-d ").append(destination);
        }
        other.forEach(token -> rule.append(rule.isEmpty() ? "" : " ").append(token));
        if (target != null) {
            rule.append(rule.isEmpty() ? "" : " ").append("-j ").append(target);
        }
        if (toSource != null) {
            rule.append(" --to-source ").append(toSource);
        }
        return rule.toString();
    }

    /** Splits like iptables-save quotes: {@code --comment "a b"} is one token {@code a b}. */
    static List<String> tokens(String line) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean inToken = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '\\' && i + 1 < line.length()) {
                current.append(line.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                inToken = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (inToken) {
                    tokens.add(current.toString());
                    current.setLength(0);
                    inToken = false;
                }
            } else {
                current.append(c);
                inToken = true;
            }
        }
        if (inToken) {
            tokens.add(current.toString());
        }
        return tokens;
    }
}
