package io.clustergateway.gateway.config;

import io.clustergateway.routing.Cidr;
import java.util.List;

/**
 * {@code gateway.http.*}.
 *
 * @param allowFrom HTTP clients allowed besides those DNS answers
 */
public record HttpSettings(List<Cidr> allowFrom) {
    public HttpSettings {
        allowFrom = List.copyOf(allowFrom);
    }
}
