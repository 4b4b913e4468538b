package io.clustergateway.routing.nat;

import io.clustergateway.routing.NatPlan;
import io.clustergateway.routing.command.CommandException;

/** Puts a {@link NatPlan} into the kernel, checks it is still there, and takes it away; only its own rules. */
public interface NatBackend {

    NatBackendKind kind();

    /** Exactly what {@link #apply} feeds to {@code nft -f -} or {@code iptables-restore}, for operators to read. */
    String render(NatPlan plan);

    /** Replaces our rules by the plan's in one transaction (on failure the previous rules stay) and turns forwarding on. */
    void apply(NatPlan plan) throws CommandException;

    /** The live state versus the plan. Reads only our own table or chain. */
    NatStatus inspect(NatPlan plan) throws CommandException;

    /** Deletes our table or chain (and jump); nothing of ours present is not an error. */
    void remove() throws CommandException;
}
