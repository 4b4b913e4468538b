package io.clustergateway.routing.nat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The statements of the translation rules as {@code nft -j} shows them, spelled the way {@link TranslationRules}
 * writes them, so that inspect can compare the two. Anything else is not ours: empty.
 */
final class TranslationExpressions {
    private TranslationExpressions() {}

    static Optional<String> describe(JsonNode expr) {
        if (isMeta(expr.path("match").path("left"), "mark") && "==".equals(expr.path("match").path("op").asText())
                && expr.path("match").path("right").isIntegralNumber()) {
            return Optional.of("meta mark " + hex(expr.path("match").path("right")));
        }
        JsonNode match = expr.path("match");
        if ("==".equals(match.path("op").asText()) && match.path("left").path("ct").path("key").asText().equals("direction")) {
            return Optional.of("ct direction " + match.path("right").asText());
        }
        if ("==".equals(match.path("op").asText()) && match.path("left").path("ct").path("key").asText().equals("mark")
                && match.path("right").isIntegralNumber()) {
            return Optional.of("ct mark " + hex(match.path("right")));
        }
        JsonNode mangle = expr.path("mangle");
        if (isMeta(mangle.path("key"), "mark") && mangle.path("value").isIntegralNumber()) {
            return Optional.of("meta mark set " + hex(mangle.path("value")));
        }
        if (mangle.path("key").path("ct").path("key").asText().equals("mark") && isMeta(mangle.path("value"), "mark")) {
            return Optional.of("ct mark set meta mark");
        }
        JsonNode dnat = expr.path("dnat");
        JsonNode prefix = dnat.path("addr").path("prefix");
        if (prefix.isObject() && "netmap".equals(dnat.path("flags").asText()) && "prefix".equals(dnat.path("type_flags").asText())) {
            return Optional.of("dnat ip prefix to " + prefix.path("addr").asText() + "/" + prefix.path("len").asInt());
        }
        return Optional.empty();
    }

    private static boolean isMeta(JsonNode node, String key) {
        return node.path("meta").path("key").asText().equals(key);
    }

    /** {@code 0x01000000}: the spelling of {@code TranslatedCluster#markText}. */
    private static String hex(JsonNode number) {
        return String.format("0x%08x", number.asLong());
    }
}
