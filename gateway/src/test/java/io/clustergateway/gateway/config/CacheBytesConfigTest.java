package io.clustergateway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.clustergateway.gateway.testsupport.TestSettings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** gateway.dns.cache.max-bytes: Quarkus' memory sizes, 48M by default, a bad one reported by key and value. */
class CacheBytesConfigTest {
    private static Map<String, String> with(String key, String value) {
        Map<String, String> properties = new HashMap<>();
        properties.put("gateway.dns.upstreams", "127.0.0.1:9");
        if (key != null) {
            properties.put(key, value);
        }
        return properties;
    }

    @Test
    void defaultsTo48MiBAndTakesSizesWithUnits() {
        assertThat(TestSettings.validated(with(null, null)).dns().cache().maxBytes()).isEqualTo(48L * 1024 * 1024);
        assertThat(TestSettings.validated(with("gateway.dns.cache.max-bytes", "512K")).dns().cache().maxBytes()).isEqualTo(512L * 1024);
        assertThat(TestSettings.validated(with("gateway.dns.cache.max-bytes", "1000000")).dns().cache().maxBytes()).isEqualTo(1_000_000L);
    }

    @Test
    void aValueThatIsNoSizeIsAProblemNamingIt() {
        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
                () -> TestSettings.validated(with("gateway.dns.cache.max-bytes", "lots")));
        assertThat(e.problems()).extracting(Object::toString).containsExactly(
                "gateway.dns.cache.max-bytes=lots: not a memory size (bytes, or a number with K, M or G: 48M)");
    }
}
