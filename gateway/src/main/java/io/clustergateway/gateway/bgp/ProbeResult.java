package io.clustergateway.gateway.bgp;

/**
 * One look at the path from this gateway to a cluster.
 *
 * @param problem what failed, for the operator ({@code via 192.168.1.10 unreachable}); empty when reachable
 */
public record ProbeResult(boolean reachable, String problem) {
    public static ProbeResult ok() {
        return new ProbeResult(true, "");
    }

    public static ProbeResult failed(String problem) {
        return new ProbeResult(false, problem);
    }
}
