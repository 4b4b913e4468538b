package io.clustergateway.dns.forward;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The order in which one query tries a pool's upstreams: the healthy ones in random order, spreading load
 * (CoreDNS forward's default "random" policy). When every upstream is down, all of them in random order: the
 * first is "one anyway", the rest are only reached while the query's time lasts. (A pool that already knows all
 * its upstreams down fails the query before asking for an order; this covers a query that started meanwhile.)
 */
final class SelectionPolicy {
    private final Supplier<Random> random;

    SelectionPolicy() {
        this(ThreadLocalRandom::current);
    }

    SelectionPolicy(Supplier<Random> random) {
        this.random = random;
    }

    List<Upstream> order(List<Upstream> upstreams) {
        List<Upstream> healthy = new ArrayList<>(upstreams.size());
        for (Upstream upstream : upstreams) {
            if (!upstream.isDown()) {
                healthy.add(upstream);
            }
        }
        List<Upstream> order = healthy.isEmpty() ? new ArrayList<>(upstreams) : healthy;
        Collections.shuffle(order, random.get());
        return order;
    }
}
