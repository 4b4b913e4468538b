package io.clustergateway.gateway.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;
import java.util.Set;

/**
 * Keeps a configuration file named by {@code quarkus.config.locations} below system properties and environment
 * variables, so {@code -Dgateway.dns.listen=...} and {@code GATEWAY_DNS_LISTEN} win over the file.
 *
 * <p>SmallRye gives the sources of a location the ordinal of whatever source named the location: with
 * {@code -Dquarkus.config.locations=...} the file gets 400 and ties with (and, being read later, beats) every
 * other system property; with {@code QUARKUS_CONFIG_LOCATIONS} it ties with the environment. Capping the ordinal
 * of that one lookup puts the file where a configuration file belongs, above the embedded
 * {@code application.yaml} (255) and {@code $PWD/config/application.yaml} (265), below {@code .env} (295),
 * environment (300) and system properties (400).
 */
@Priority(Priorities.APPLICATION)
public final class ConfigFileBelowOverrides implements ConfigSourceInterceptor {
    static final int FILE_ORDINAL = 270;
    private static final Set<String> LOCATION_KEYS = Set.of("smallrye.config.locations", "quarkus.config.locations");

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (value != null && LOCATION_KEYS.contains(name) && value.getConfigSourceOrdinal() > FILE_ORDINAL) {
            return value.withConfigSourceOrdinal(FILE_ORDINAL);
        }
        return value;
    }
}
