package io.clustergateway.dns.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SelectionPolicyTest {
    private final Upstream a = new Upstream(new InetSocketAddress("127.0.0.1", 53), 2);
    private final Upstream b = new Upstream(new InetSocketAddress("127.0.0.2", 53), 2);
    private final Upstream c = new Upstream(new InetSocketAddress("127.0.0.3", 53), 2);
    private final SelectionPolicy policy = new SelectionPolicy(() -> new Random(7));

    private static void fail(Upstream upstream, int times) {
        for (int i = 0; i < times; i++) {
            upstream.failed(io.clustergateway.dns.UpstreamFailure.TIMEOUT);
        }
    }

    @Test
    void triesOnlyHealthyUpstreams() {
        fail(b, 3);

        assertThat(policy.order(List.of(a, b, c))).containsExactlyInAnyOrder(a, c);
    }

    @Test
    void anUpstreamIsDownOnlyAboveMaxFails() {
        fail(b, 2);

        assertThat(b.isDown()).isFalse();
        assertThat(policy.order(List.of(a, b, c))).containsExactlyInAnyOrder(a, b, c);
        b.failed(io.clustergateway.dns.UpstreamFailure.TIMEOUT);
        assertThat(b.status("upstream").healthy()).isFalse();
        b.answered(1_000_000);
        assertThat(b.status("upstream").consecutiveFailures()).isZero();
    }

    @Test
    void whenAllAreDownTriesThemAllAnyway() {
        fail(a, 3);
        fail(b, 3);
        fail(c, 3);

        assertThat(policy.order(List.of(a, b, c))).containsExactlyInAnyOrder(a, b, c);
    }

    @Test
    void spreadsQueriesOverHealthyUpstreams() {
        SelectionPolicy random = new SelectionPolicy();
        java.util.Set<Upstream> firsts = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++) {
            firsts.add(random.order(List.of(a, b, c)).get(0));
        }

        assertThat(firsts).containsExactlyInAnyOrder(a, b, c);
    }
}
