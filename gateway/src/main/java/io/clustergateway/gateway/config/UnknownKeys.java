package io.clustergateway.gateway.config;

import io.clustergateway.routing.ModelProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keys that look meant for the gateway but that it does not know: a typo under {@code gateway.*}
 * ({@code gateway.clusters.old.pod-cidr}) or in the prefix itself ({@code gatway.dns.listen}). Each is reported
 * once, without list indexes, with the nearest known key when one is close; a mistyped key would otherwise be
 * ignored and its setting silently lost.
 */
public final class UnknownKeys {
    /** The test suites' switches ({@code -Dgateway.e2e.required=true}) share the prefix but are not configuration. */
    private static final String TEST_SWITCHES = "e2e";
    private static final int PREFIX_TYPO_DISTANCE = 2;

    private final ConfigKeys known;
    private final String prefix;

    public UnknownKeys(ConfigKeys known, String prefix) {
        this.known = known;
        this.prefix = prefix;
    }

    public List<ModelProblem> check(List<ConfiguredKey> keys) {
        Map<String, ConfiguredKey> unknown = new LinkedHashMap<>();
        for (ConfiguredKey key : keys) {
            String name = withoutProfile(key.name());
            String plain = KeyName.withoutIndexes(name);
            if (isUnknown(plain)) {
                // a YAML list arrives as both "x" and "x[0]": one problem, with the whole value when there is one
                unknown.merge(plain, new ConfiguredKey(plain, key.value(), key.origin()),
                        (first, second) -> name.equals(plain) ? new ConfiguredKey(plain, key.value(), key.origin()) : first);
            }
        }
        List<ModelProblem> problems = new ArrayList<>();
        unknown.values().forEach(key -> problems.add(new ModelProblem(key.name(), key.value(),
                "unknown key in " + key.origin() + suggestion(key.name()).map(s -> "; did you mean " + s + "?").orElse(""))));
        return problems;
    }

    private boolean isUnknown(String name) {
        List<String> segments = KeyName.segments(name);
        if (segments.size() < 2 || segments.get(1).equals(TEST_SWITCHES) && segments.get(0).equals(prefix)) {
            return false;
        }
        if (segments.get(0).equals(prefix)) {
            return !known.isKnown(name);
        }
        return isPrefixTypo(segments.get(0));
    }

    private Optional<String> suggestion(String name) {
        List<String> segments = KeyName.segments(name);
        if (isPrefixTypo(segments.get(0))) {
            String fixed = prefix + name.substring(segments.get(0).length());
            return known.isKnown(fixed) ? Optional.of(fixed) : known.closest(fixed).or(() -> Optional.of(fixed));
        }
        return known.closest(name);
    }

    private boolean isPrefixTypo(String root) {
        int distance = KeyName.distance(root, prefix);
        return distance > 0 && distance <= PREFIX_TYPO_DISTANCE;
    }

    /** {@code %prod.gateway.x} is {@code gateway.x} in one profile. */
    private static String withoutProfile(String name) {
        return name.startsWith("%") && name.indexOf('.') > 0 ? name.substring(name.indexOf('.') + 1) : name;
    }
}
