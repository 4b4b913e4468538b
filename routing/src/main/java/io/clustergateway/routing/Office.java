package io.clustergateway.routing;

import java.util.List;
import java.util.Objects;

/** An office network whose traffic the gateway masquerades into the clusters, e.g. {@code hq: 10.1.3.0/24}. */
public record Office(String name, List<Cidr> cidrs) {
    public Office {
        Objects.requireNonNull(name, "name");
        cidrs = List.copyOf(cidrs);
    }
}
