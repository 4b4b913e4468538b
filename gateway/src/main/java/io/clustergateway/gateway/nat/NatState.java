package io.clustergateway.gateway.nat;

import io.clustergateway.routing.nat.NatBackendKind;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the last reconcile found and did.
 *
 * @param inSync           whether the live rules matched the plan at the last check (after a repair: true)
 * @param drift            what differed before the last repair, or what the backend reports ("backend none: ...")
 * @param lastError        the failed command and why; the previous rules were kept
 * @param kernelRoutesError the failed kernel route command, when routes.manage-kernel is on
 */
public record NatState(NatBackendKind backend, boolean inSync, List<String> drift, boolean forwardingEnabled,
                       Optional<String> lastError, Optional<String> kernelRoutesError, Optional<Instant> lastCheck,
                       Optional<Instant> lastApply, long reconciles) {
    public NatState {
        drift = List.copyOf(drift);
    }

    /** Whether the last reconcile left nothing to retry: rules applied and kernel routes, if managed, too. */
    public boolean healthy() {
        return lastError.isEmpty() && kernelRoutesError.isEmpty();
    }

    public static NatState initial(NatBackendKind backend) {
        return new NatState(backend, false, List.of("not checked yet"), false, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), 0);
    }
}
