package io.clustergateway.routing.bgp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code birdc show protocols all}: one line per protocol ({@code name proto table state since info}),
 * followed by indented details. Only BGP protocols are kept. Lines it does not know are skipped, so a newer
 * BIRD that prints more still parses.
 */
public final class BirdStatus {
    /** {@code neighbor_1   BGP   ---   up   13:39:06.991  Established}; info may be empty or several words. */
    private static final Pattern PROTOCOL = Pattern.compile("^(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+(?: \\S+)?)(?:\\s+(.*))?$");
    private static final Pattern DETAIL = Pattern.compile("^\\s+([A-Za-z][A-Za-z ]*?):\\s+(.*?)\\s*$");
    private static final Pattern EXPORTED = Pattern.compile("(\\d+) exported");

    private BirdStatus() {}

    public static List<BgpSessionStatus> parse(String output) {
        List<BgpSessionStatus> sessions = new ArrayList<>();
        Builder current = null;
        for (String line : output.split("\n")) {
            if (line.isBlank() || line.startsWith("BIRD ") || line.startsWith("Name ")) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                if (current != null) {
                    sessions.add(current.build());
                    current = null;
                }
                Matcher protocol = PROTOCOL.matcher(line.strip());
                if (protocol.matches() && protocol.group(2).equals("BGP")) {
                    current = new Builder(protocol.group(1), protocol.group(4), protocol.group(5),
                            protocol.group(6) == null ? "" : protocol.group(6).strip());
                }
                continue;
            }
            Matcher detail = DETAIL.matcher(line);
            if (current != null && detail.matches()) {
                current.detail(detail.group(1), detail.group(2));
            }
        }
        if (current != null) {
            sessions.add(current.build());
        }
        return List.copyOf(sessions);
    }

    private static final class Builder {
        private final String protocol;
        private final String state;
        private final String since;
        private String bgpState;
        private String neighbor;
        private int exported;
        private String lastError;

        Builder(String protocol, String state, String since, String info) {
            this.protocol = protocol;
            this.state = state;
            this.since = since;
            // "Active        Socket: Connection refused": the first word is the BGP state
            this.bgpState = info.isEmpty() ? state : info.split("\\s+")[0];
        }

        void detail(String key, String value) {
            switch (key) {
                case "BGP state" -> bgpState = value;
                case "Neighbor address" -> neighbor = value;
                case "Last error" -> lastError = value;
                case "Routes" -> {
                    Matcher count = EXPORTED.matcher(value);
                    if (count.find()) {
                        exported += Integer.parseInt(count.group(1));
                    }
                }
                default -> { }
            }
        }

        BgpSessionStatus build() {
            return new BgpSessionStatus(protocol, Optional.ofNullable(neighbor), state, bgpState, since, exported,
                    Optional.ofNullable(lastError));
        }
    }
}
