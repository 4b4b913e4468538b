package io.clustergateway.routing;

import java.util.Objects;

/**
 * Traffic from {@code source} to {@code destination} leaves with its source address translated.
 *
 * @param sender   who sends: an office or a cluster
 * @param receiver the cluster that receives
 */
public record NatRule(NetworkRef sender, Cidr source, NetworkRef.ClusterRef receiver, Cidr destination,
                      Translation translation) {

    /** nft limits a rule comment to 128 bytes. */
    static final int MAX_COMMENT_LENGTH = 128;

    public NatRule {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(translation, "translation");
        if (source.isIpv4() != destination.isIpv4()) {
            throw new IllegalArgumentException("a NAT rule cannot mix families: " + source + " -> " + destination);
        }
    }

    public boolean isIpv4() {
        return source.isIpv4();
    }

    /**
     * A label safe to put inside double quotes in nft and iptables comments:
     * {@code office:hq 10.1.3.0/24 -> cluster:old 10.200.0.0/16}, at most 128 characters, printable ASCII,
     * without quotes or backslashes.
     */
    public String comment() {
        String text = sender.id() + " " + source + " -> " + receiver.id() + " " + destination;
        StringBuilder safe = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            safe.append(isCommentSafe(c) ? c : '_');
        }
        return safe.length() <= MAX_COMMENT_LENGTH ? safe.toString() : safe.substring(0, MAX_COMMENT_LENGTH);
    }

    private static boolean isCommentSafe(char c) {
        return c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '\'' && c != '`' && c != '$' && c != ';';
    }

    /** {@code office:hq 10.1.3.0/24 -> cluster:old 10.200.0.0/16 masquerade}. */
    @Override
    public String toString() {
        return sender.id() + " " + source + " -> " + receiver.id() + " " + destination + " " + translation;
    }
}
