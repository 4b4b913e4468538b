package io.clustergateway.gateway.config;

import io.clustergateway.routing.Cidr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * One cluster's configuration after validation. Lists are empty and optionals absent where the configuration
 * leaves the value to discovery; {@link #configured} tells which ones were set.
 */
public record ClusterSettings(String name, Name domain, Name alias, int priority, List<InetSocketAddress> dns,
                              List<Cidr> podCidrs, List<Cidr> serviceCidrs, Optional<InetAddress> via,
                              boolean discovery, Configured configured) {
    public ClusterSettings {
        dns = List.copyOf(dns);
        podCidrs = List.copyOf(podCidrs);
        serviceCidrs = List.copyOf(serviceCidrs);
    }

    /** Which of the values discovery may also provide were present in the configuration. */
    public record Configured(boolean dns, boolean podCidrs, boolean serviceCidrs) {}
}
