package io.clustergateway.routing;

/**
 * One thing wrong with the configuration, naming the key and value at fault, e.g.
 * key {@code gateway.clusters.new.pod-cidrs}, value {@code 10.200.0.0/16},
 * message {@code overlaps gateway.clusters.old.pod-cidrs 10.200.0.0/17}.
 */
public record ModelProblem(String key, String value, String message) {
    /** {@code gateway.clusters.new.pod-cidrs=10.200.0.0/16: overlaps gateway.clusters.old.pod-cidrs 10.200.0.0/17}. */
    @Override
    public String toString() {
        return key + "=" + value + ": " + message;
    }
}
