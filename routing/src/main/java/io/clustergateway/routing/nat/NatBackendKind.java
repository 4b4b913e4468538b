package io.clustergateway.routing.nat;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The {@code gateway.nat.backend} values. */
public enum NatBackendKind {
    /** Compute and show the plan, apply nothing: the default, safe on any host. */
    NONE,
    /** One table of our own in nftables, replaced in one transaction. */
    NFTABLES,
    /** A chain of our own in the iptables nat table, for hosts without nft. */
    IPTABLES;

    /** {@code none}, {@code nftables}, {@code iptables}: the configuration spelling. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the backend can carry translated clusters (prefix DNAT, marks, policy routing). iptables could map
     * prefixes with NETMAP, but not in one transaction with the rest of our rules; it is refused rather than
     * half done. {@code none} shows the nftables rendering.
     */
    public boolean translates() {
        return this != IPTABLES;
    }

    public static Optional<NatBackendKind> fromId(String id) {
        return Arrays.stream(values()).filter(kind -> kind.id().equalsIgnoreCase(id == null ? "" : id.strip())).findFirst();
    }
}
