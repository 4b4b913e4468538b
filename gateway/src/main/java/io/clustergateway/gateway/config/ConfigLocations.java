package io.clustergateway.gateway.config;

import io.clustergateway.routing.ModelProblem;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code quarkus.config.locations} names files the gateway must read: one that does not exist (a typo such as
 * {@code gatway.yaml}) is a problem, not a start on the embedded default with no clusters. Quarkus itself skips
 * a missing location silently.
 */
public final class ConfigLocations {
    public static final String KEY = "quarkus.config.locations";

    private final Predicate<String> onClasspath;

    /** @param onClasspath whether a location without a scheme names a resource of the application instead */
    public ConfigLocations(Predicate<String> onClasspath) {
        this.onClasspath = onClasspath;
    }

    public List<ModelProblem> check(List<String> locations) {
        return locations.stream()
                .filter(location -> !exists(location))
                .map(location -> new ModelProblem(KEY, location, "no such file" + absolute(location)
                        .map(path -> " (" + path + ")").orElse("") + "; the gateway does not start without the configuration it was given"))
                .toList();
    }

    private boolean exists(String location) {
        Optional<Path> path = localPath(location);
        if (path.isEmpty()) {
            return true; // http:, jar: and the like are read by Quarkus itself; only local files are checked
        }
        return Files.exists(path.get()) || (!location.startsWith("file:") && onClasspath.test(location));
    }

    /** A relative location is read from the working directory, which the user may not have had in mind. */
    private static Optional<String> absolute(String location) {
        return localPath(location).filter(path -> !path.isAbsolute())
                .map(path -> path.toAbsolutePath().normalize().toString());
    }

    /** A plain path or a {@code file:} URI; empty for any other scheme. */
    static Optional<Path> localPath(String location) {
        if (location.startsWith("file:")) {
            URI uri = URI.create(location);
            return Optional.of(uri.isOpaque() ? Path.of(uri.getSchemeSpecificPart()) : Path.of(uri));
        }
        int colon = location.indexOf(':');
        boolean scheme = colon > 1 && location.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
        return scheme ? Optional.empty() : Optional.of(Path.of(location));
    }
}
