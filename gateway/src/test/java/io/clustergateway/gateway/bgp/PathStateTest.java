package io.clustergateway.gateway.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PathStateTest {
    private static final Instant T0 = Instant.parse("2026-12-02T14:00:00Z");
    private static final ProbeResult OK = ProbeResult.ok();
    private static final ProbeResult VIA_DOWN = ProbeResult.failed("via 192.168.1.10 unreachable");

    @Test
    void theFirstProbeDecidesAlone() {
        assertThat(PathState.unchecked(T0).after(OK, T0.plusSeconds(1)).up()).isTrue();
        PathState down = PathState.unchecked(T0).after(VIA_DOWN, T0.plusSeconds(1));
        assertThat(down.up()).isFalse();
        assertThat(down.reason()).isEqualTo("via 192.168.1.10 unreachable");
    }

    @Test
    void oneLostProbeDoesNotWithdrawTwoInARowDo() {
        PathState up = PathState.unchecked(T0).after(OK, T0);

        PathState once = up.after(VIA_DOWN, T0.plusSeconds(1));
        assertThat(once.up()).isTrue();
        assertThat(once.after(OK, T0.plusSeconds(2)).after(VIA_DOWN, T0.plusSeconds(3)).up())
                .as("the streak starts over after a good probe").isTrue();

        PathState twice = once.after(VIA_DOWN, T0.plusSeconds(2));
        assertThat(twice.up()).isFalse();
        assertThat(twice.since()).isEqualTo(T0.plusSeconds(2));
        assertThat(twice.reason()).isEqualTo("via 192.168.1.10 unreachable");
    }

    @Test
    void aDownPathComesBackAfterTwoGoodProbes() {
        PathState down = PathState.unchecked(T0).after(VIA_DOWN, T0);

        assertThat(down.after(OK, T0.plusSeconds(1)).up()).isFalse();
        PathState back = down.after(OK, T0.plusSeconds(1)).after(OK, T0.plusSeconds(2));
        assertThat(back.up()).isTrue();
        assertThat(back.reason()).isEmpty();
    }
}
