package io.clustergateway.routing.nat;

import io.clustergateway.routing.command.CommandRunner;
import java.util.Objects;

/** Creates the backend for {@code gateway.nat.backend}. */
public final class NatBackends {
    private NatBackends() {}

    public static NatBackend create(NatBackendKind kind, CommandRunner runner) {
        Objects.requireNonNull(runner, "runner");
        return switch (Objects.requireNonNull(kind, "kind")) {
            case NONE -> new NoneBackend(runner);
            case NFTABLES -> new NftablesBackend(runner);
            case IPTABLES -> new IptablesBackend(runner);
        };
    }
}
