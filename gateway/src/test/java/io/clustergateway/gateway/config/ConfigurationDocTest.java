package io.clustergateway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md names every key the gateway accepts: a key added to {@link GatewayConfig} without its line
 * there fails here, with the line's place (the key as the reference writes it, a map's key as {@code <name>}).
 */
class ConfigurationDocTest {
    private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");

    @Test
    void everyKeyOfTheGatewayIsInTheReference() throws IOException {
        String reference = Files.readString(REFERENCE);
        List<String> missing = ConfigKeys.of(GatewayConfig.class, "gateway").patterns().stream()
                .map(pattern -> "`" + pattern.replace("." + ConfigKeys.ANY + ".", ".<name>.") + "`")
                .filter(key -> !reference.contains(key))
                .toList();
        assertThat(missing).as("keys of GatewayConfig with no line in " + REFERENCE.toAbsolutePath().normalize()).isEmpty();
    }

    @Test
    void theReferenceSaysNothingOfTheDesignNotes() throws IOException {
        assertThat(Files.readString(REFERENCE)).doesNotContain("DESIGN");
        assertThat(Files.readString(Path.of("..", "README.md"))).doesNotContain("DESIGN")
                .contains("docs/configuration.md");
    }
}
