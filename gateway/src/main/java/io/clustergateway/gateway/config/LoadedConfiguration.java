package io.clustergateway.gateway.config;

import io.clustergateway.routing.ModelProblem;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SysPropConfigSource;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * What the running configuration was read from, as {@link ConfigLocations} and {@link UnknownKeys} need it: the
 * locations asked for, the files actually read, and every key with the source that holds it.
 *
 * <p>Environment variables are left out of the keys: {@code GATEWAY_DNS_LISTEN} names no key until it is matched
 * to one, and the environment holds many variables that are not meant for the gateway.
 */
public record LoadedConfiguration(List<String> locations, List<Path> files, List<ConfiguredKey> keys) {
    /** {@code YamlConfigSource[source=file:/etc/cluster-gateway/gateway.yaml]}. */
    private static final String PREFIX = "gateway";
    private static final Pattern FILE_SOURCE = Pattern.compile("\\[source=(file:[^]]+)]");

    public static LoadedConfiguration of(Config config) {
        List<String> locations = config.getOptionalValues(ConfigLocations.KEY, String.class)
                .or(() -> config.getOptionalValues("smallrye.config.locations", String.class))
                .orElse(List.of());
        List<Path> files = new ArrayList<>();
        List<ConfiguredKey> keys = new ArrayList<>();
        for (ConfigSource source : config.getConfigSources()) {
            Optional<Path> file = file(source);
            file.ifPresent(files::add);
            if (source instanceof EnvConfigSource) {
                continue;
            }
            String origin = file.map(Path::toString)
                    .orElse(source instanceof SysPropConfigSource ? "system properties" : source.getName());
            for (String name : source.getPropertyNames()) {
                if (!name.contains("*")) { // defaults sources list map patterns (gateway.clusters.*.domain)
                    keys.add(new ConfiguredKey(name, source.getValue(name), origin));
                }
            }
        }
        return new LoadedConfiguration(locations, files, keys);
    }

    /** For the log: which file the running configuration came from, so a wrong path is seen at once. */
    public String describe() {
        return files.isEmpty() ? "configuration: the embedded default (no configuration file read)"
                : "configuration read from " + files.stream().map(Path::toString).collect(Collectors.joining(", "));
    }

    /** A configured location that does not exist, then every unknown key. */
    public List<ModelProblem> problems() {
        List<ModelProblem> problems = new ArrayList<>(new ConfigLocations(LoadedConfiguration::onClasspath).check(locations));
        problems.addAll(new UnknownKeys(ConfigKeys.of(GatewayConfig.class, PREFIX), PREFIX).check(keys));
        return problems;
    }

    private static boolean onClasspath(String resource) {
        return Thread.currentThread().getContextClassLoader().getResource(resource) != null;
    }

    private static Optional<Path> file(ConfigSource source) {
        Matcher matcher = FILE_SOURCE.matcher(String.valueOf(source.getName()));
        if (!matcher.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(URI.create(matcher.group(1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
