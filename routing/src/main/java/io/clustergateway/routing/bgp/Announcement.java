package io.clustergateway.routing.bgp;

import io.clustergateway.routing.Cidr;
import java.util.Objects;

/**
 * One prefix this gateway offers its neighbors, with the next hop being the peering's local address.
 *
 * @param owner what the prefix belongs to, for operators and the rendered config's comments:
 *              {@code cluster old}, {@code dns}
 */
public record Announcement(Cidr prefix, String owner) implements Comparable<Announcement> {
    public Announcement {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(owner, "owner");
        if (owner.isBlank() || owner.contains("\n") || owner.contains("\"")) {
            throw new IllegalArgumentException("owner must be one line without quotes: \"" + owner + "\"");
        }
    }

    @Override
    public int compareTo(Announcement other) {
        int byPrefix = prefix.compareTo(other.prefix);
        return byPrefix != 0 ? byPrefix : owner.compareTo(other.owner);
    }
}
