package io.clustergateway.gateway.config;

import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;

/**
 * Unknown {@code gateway.*} keys (typos such as {@code gateway.clusters.old.pod-cidr}) stop the start, but are
 * reported by {@link UnknownKeys} together with every other problem of the configuration, once each, with the
 * nearest known key. SmallRye's own check would stop earlier, before the other problems are known, listing a
 * YAML list twice ({@code x} and {@code x[0]}) in its internal wording, so it is turned off for the prefix.
 */
public class UnknownKeysReportedByGateway implements SmallRyeConfigBuilderCustomizer {
    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        builder.withMappingIgnore("gateway.**");
    }
}
