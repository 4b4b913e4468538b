package io.clustergateway.gateway.config;

import io.clustergateway.routing.Office;
import java.util.List;

/**
 * The configuration after {@link ConfigValidator}: parsed, checked, defaults applied (node address, upstreams
 * from resolv.conf). Everything downstream uses this, never the raw strings. One group per {@code gateway.*}
 * section: a new section adds its own group record here and one method in the validator.
 */
public record GatewaySettings(NodeSettings node, DnsSettings dns, List<Office> offices, List<ClusterSettings> clusters,
                              NatSettings nat, RouteSettings routes, HttpSettings http) {
    public GatewaySettings {
        offices = List.copyOf(offices);
        clusters = List.copyOf(clusters);
    }
}
