package io.clustergateway.routing;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Kubernetes cluster as the routing module sees it: its pod and service networks, and optionally the
 * next hop from this node into the cluster.
 */
public record Cluster(String name, List<Cidr> podCidrs, List<Cidr> serviceCidrs, Optional<InetAddress> via) {
    public Cluster {
        Objects.requireNonNull(name, "name");
        podCidrs = List.copyOf(podCidrs);
        serviceCidrs = List.copyOf(serviceCidrs);
        Objects.requireNonNull(via, "via");
    }

    public Cluster(String name, List<Cidr> podCidrs, List<Cidr> serviceCidrs) {
        this(name, podCidrs, serviceCidrs, Optional.empty());
    }

    /** Pod CIDRs, then service CIDRs, in configured order. */
    public List<Cidr> cidrs() {
        List<Cidr> all = new ArrayList<>(podCidrs);
        all.addAll(serviceCidrs);
        return List.copyOf(all);
    }

    /** "pod" or "service" for one of this cluster's CIDRs; empty when it is not one of them. */
    public Optional<String> kindOf(Cidr cidr) {
        if (podCidrs.contains(cidr)) {
            return Optional.of("pod");
        }
        return serviceCidrs.contains(cidr) ? Optional.of("service") : Optional.empty();
    }
}
