package io.clustergateway.routing.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clustergateway.routing.command.CommandException;
import java.io.IOException;

/** Reads what `ip -j` prints: kernel routes and policy rules both come back as a JSON array (empty output: none). */
final class IpJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IpJson() {}

    static JsonNode read(String json, String what) throws CommandException {
        if (json.isBlank()) {
            return JSON.createArrayNode();
        }
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new CommandException("cannot parse `" + what + "` output: " + e.getMessage(), e);
        }
    }
}
