package io.clustergateway.gateway.config;

import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every key a {@code @ConfigMapping} interface accepts, read from the interface itself so that a key added there
 * is known here at once. A map's key is the segment {@code *} ({@code gateway.clusters.*.dns}); list indexes are
 * not part of a key ({@code gateway.dns.listen[0]} is {@code gateway.dns.listen}).
 */
public final class ConfigKeys {
    static final String ANY = "*";
    private static final int MAX_SUGGESTION_DISTANCE = 3;

    private final Set<String> patterns;

    private ConfigKeys(Set<String> patterns) {
        this.patterns = patterns;
    }

    public static ConfigKeys of(Class<?> mapping, String prefix) {
        Set<String> patterns = new TreeSet<>();
        collect(mapping, prefix, patterns);
        return new ConfigKeys(patterns);
    }

    /** The patterns, e.g. {@code gateway.clusters.*.pod-cidrs}. */
    public Set<String> patterns() {
        return patterns;
    }

    public boolean isKnown(String name) {
        List<String> segments = KeyName.segments(name);
        return patterns.stream().anyMatch(pattern -> matches(KeyName.segments(pattern), segments));
    }

    /**
     * The known key nearest to a mistyped one, with the map names of the mistyped key kept
     * ({@code gateway.clusters.old.pod-cidr} gives {@code gateway.clusters.old.pod-cidrs}); empty when nothing
     * is close enough to be what was meant.
     */
    public Optional<String> closest(String name) {
        List<String> segments = KeyName.segments(name);
        return patterns.stream()
                .map(pattern -> instantiate(KeyName.segments(pattern), segments))
                .map(candidate -> new Candidate(candidate, KeyName.distance(name, candidate)))
                .filter(candidate -> candidate.distance() <= MAX_SUGGESTION_DISTANCE)
                .min(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::key))
                .map(Candidate::key);
    }

    private record Candidate(String key, int distance) {}

    private static boolean matches(List<String> pattern, List<String> segments) {
        if (pattern.size() != segments.size()) {
            return false;
        }
        for (int i = 0; i < pattern.size(); i++) {
            if (!pattern.get(i).equals(ANY) && !pattern.get(i).equals(segments.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The pattern with each {@code *} replaced by the segment the user wrote at that place. */
    private static String instantiate(List<String> pattern, List<String> segments) {
        List<String> out = new ArrayList<>(pattern.size());
        for (int i = 0; i < pattern.size(); i++) {
            String segment = pattern.get(i);
            out.add(segment.equals(ANY) && i < segments.size() ? segments.get(i) : segment);
        }
        return String.join(".", out);
    }

    private static void collect(Class<?> group, String prefix, Set<String> into) {
        for (Method method : group.getMethods()) {
            if (method.getParameterCount() != 0 || method.isDefault() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String key = method.isAnnotationPresent(WithParentName.class) ? prefix : prefix + "." + name(method);
            collectType(method.getGenericReturnType(), key, into);
        }
    }

    private static void collectType(Type type, String key, Set<String> into) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (raw == Optional.class || List.class.isAssignableFrom(raw) || Set.class.isAssignableFrom(raw)) {
                collectType(arguments[0], key, into);
                return;
            }
            if (java.util.Map.class.isAssignableFrom(raw)) {
                collectType(arguments[1], key + "." + ANY, into);
                return;
            }
        }
        if (type instanceof Class<?> type0 && isGroup(type0)) {
            collect(type0, key, into);
        } else {
            into.add(key);
        }
    }

    /** A nested interface of our own mapping; {@code java.*} types and enums are values. */
    private static boolean isGroup(Class<?> type) {
        return type.isInterface() && !type.getName().startsWith("java.");
    }

    private static String name(Method method) {
        WithName withName = method.getAnnotation(WithName.class);
        return withName != null ? withName.value() : kebab(method.getName());
    }

    /** SmallRye's default naming: {@code podCidrs} is {@code pod-cidrs}. */
    static String kebab(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
