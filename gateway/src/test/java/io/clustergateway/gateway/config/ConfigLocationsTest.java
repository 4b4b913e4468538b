package io.clustergateway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.routing.ModelProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configured file that is not there stops the start; one that is there, or is an application resource, does not. */
class ConfigLocationsTest {
    @TempDir
    Path dir;

    private final ConfigLocations locations = new ConfigLocations("application.yaml"::equals);

    @Test
    void aMissingFileIsOneProblemNamingIt() throws IOException {
        Path present = Files.writeString(dir.resolve("gateway.yaml"), "gateway: {}\n");
        Path missing = dir.resolve("gatway.yaml");

        List<ModelProblem> problems = locations.check(List.of(present.toString(), missing.toString(),
                "file:" + present, "application.yaml", "https://config.example/gateway.yaml"));

        assertThat(problems).extracting(ModelProblem::toString).containsExactly(
                "quarkus.config.locations=" + missing + ": no such file; the gateway does not start without the configuration it was given");
    }

    @Test
    void aRelativeLocationIsShownAsTheFileLookedFor() {
        assertThat(locations.check(List.of("gatway.yaml", "file:" + dir.resolve("gone.yaml"))))
                .extracting(ModelProblem::message)
                .containsExactly("no such file (" + Path.of("gatway.yaml").toAbsolutePath() + "); the gateway does not start without the configuration it was given",
                        "no such file; the gateway does not start without the configuration it was given");
    }
}
