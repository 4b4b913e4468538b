package io.clustergateway.routing.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Against {@code birdc show protocols all} output captured from BIRD 2.0.12. */
class BirdStatusTest {

    @Test
    void anEstablishedAndARefusedSessionAreReadWithTheirExportsAndErrors() throws IOException {
        List<BgpSessionStatus> sessions = BirdStatus.parse(BirdConfigTest.golden("show-protocols-all.txt"));

        assertThat(sessions).containsExactly(
                new BgpSessionStatus("neighbor_192_168_1_1", Optional.of("192.168.1.1"), "up", "Established",
                        "13:41:35.135", 2, Optional.empty()),
                new BgpSessionStatus("neighbor_192_168_1_2", Optional.of("192.168.1.2"), "start", "Active",
                        "13:41:34.229", 0, Optional.of("Socket: Connection reset by peer")));
        assertThat(sessions.get(0).established()).isTrue();
        assertThat(sessions.get(1).established()).isFalse();
    }

    @Test
    void outputWithoutBgpProtocolsGivesNoSessions() {
        assertThat(BirdStatus.parse("BIRD 2.0.12 ready.\nName       Proto      Table      State  Since         Info\n"
                + "device1    Device     ---        up     13:39:06.121  \n")).isEmpty();
    }
}
