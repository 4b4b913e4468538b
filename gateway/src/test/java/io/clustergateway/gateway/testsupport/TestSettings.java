package io.clustergateway.gateway.testsupport;

import io.clustergateway.gateway.config.ConfigValidator;
import io.clustergateway.gateway.config.GatewayConfig;
import io.clustergateway.gateway.config.GatewaySettings;
import io.clustergateway.gateway.config.HostNetwork;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Validated settings from {@code gateway.*} properties, without booting Quarkus: what the start-up sees. */
public final class TestSettings {
    /**
     * A host with only lo's 127.0.0.1 assigned (127.0.0.53 is routed to lo, not assigned) and an empty
     * resolv.conf, so a test never depends on, or sends to, the machine's real resolvers.
     */
    public static final HostNetwork LOOPBACK_HOST = new HostNetwork() {
        @Override
        public List<InetSocketAddress> resolvConfNameservers() {
            return List.of();
        }

        @Override
        public InetAddress primaryIpv4() {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public boolean isLocal(InetAddress address) {
            return address.isAnyLocalAddress() || address.getHostAddress().equals("127.0.0.1");
        }
    };

    private TestSettings() {}

    public static GatewayConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(GatewayConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build().getConfigMapping(GatewayConfig.class);
    }

    /** Throws like the start-up does when the properties hold a problem. */
    public static GatewaySettings validated(Map<String, String> properties) {
        return new ConfigValidator(LOOPBACK_HOST).validate(config(properties));
    }
}
