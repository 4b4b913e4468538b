package io.clustergateway.routing.publish;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class RouteFormatTest {

    @Test
    void idsAreTheDocumentedOnes() {
        assertThat(Arrays.stream(RouteFormat.values()).map(RouteFormat::id)).containsExactly(
                "linux", "cisco-ios", "junos", "mikrotik", "vyos", "windows", "macos", "json", "dhcp-option-121",
                "bird", "frr");
        assertThat(RouteFormat.acceptedIds())
                .isEqualTo("linux, cisco-ios, junos, mikrotik, vyos, windows, macos, json, dhcp-option-121, bird, frr");
    }

    @Test
    void fromIdFindsEveryFormatIgnoringCase() {
        for (RouteFormat format : RouteFormat.values()) {
            assertThat(RouteFormat.fromId(format.id())).contains(format);
        }
        assertThat(RouteFormat.fromId(" Cisco-IOS ")).contains(RouteFormat.CISCO_IOS);
    }

    @Test
    void unknownIdIsEmpty() {
        assertThat(RouteFormat.fromId("cisco")).isEmpty();
        assertThat(RouteFormat.fromId("CISCO_IOS")).isEmpty();
        assertThat(RouteFormat.fromId("")).isEmpty();
        assertThat(RouteFormat.fromId(null)).isEmpty();
    }

    @Test
    void mediaTypes() {
        assertThat(RouteFormat.JSON.mediaType()).isEqualTo("application/json");
        assertThat(RouteFormat.LINUX.mediaType()).isEqualTo("text/plain");
    }
}
