package io.clustergateway.gateway.config;

import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;

/**
 * {@code gateway.e2e.required} (the CI switch of the test suites, a system property) shares the {@code gateway}
 * prefix but is not configuration. Unknown {@code gateway.*} keys stay errors, so a typo such as
 * {@code gateway.clusters.old.pod-cidr} stops the start instead of being ignored.
 */
public class IgnoreTestSwitches implements SmallRyeConfigBuilderCustomizer {
    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        builder.withMappingIgnore("gateway.e2e.**");
    }
}
