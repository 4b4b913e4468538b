package io.clustergateway.gateway.config;

import java.util.ArrayList;
import java.util.List;

/** Reading configuration key names: segments (a quoted map key may hold dots), indexes, and how far apart two are. */
final class KeyName {
    private KeyName() {}

    /** {@code gateway.clusters."a.b".dns[0]} is [gateway, clusters, a.b, dns]. */
    static List<String> segments(String name) {
        List<String> segments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                segments.add(withoutIndexes(current.toString()));
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        segments.add(withoutIndexes(current.toString()));
        return segments;
    }

    /** {@code gateway.dns.listen[0]} and {@code gateway.bgp.neighbors[1].address} without their indexes. */
    static String withoutIndexes(String name) {
        return name.replaceAll("\\[\\d+]", "");
    }

    /** Edits (insert, delete, replace, swap of neighbours) from one name to the other: "cahce" is 1 from "cache". */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
