package io.clustergateway.routing.translate;

import io.clustergateway.routing.Cidr;
import java.util.Objects;

/** A real range of a translated cluster that needs a virtual block. */
public record RangeRequest(String cluster, Cidr real) {
    public RangeRequest {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(real, "real");
    }
}
