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

    public static Optional<NatBackendKind> fromId(String id) {
        return Arrays.stream(values()).filter(kind -> kind.id().equalsIgnoreCase(id == null ? "" : id.strip())).findFirst();
    }
}
