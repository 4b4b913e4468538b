package io.clustergateway.dns.forward;

import io.clustergateway.dns.wire.Wire;
import java.security.SecureRandom;

/**
 * Unpredictable 16-bit query IDs (RFC 5452) at the cost of a memory read: each thread draws 4 KiB from its own
 * {@link SecureRandom} at a time and hands them out two bytes per ID, instead of a SecureRandom call per query.
 */
final class QueryIds {
    private static final int BATCH = 4096;
    private static final ThreadLocal<QueryIds> PER_THREAD = ThreadLocal.withInitial(QueryIds::new);

    private final SecureRandom random = new SecureRandom();
    private final byte[] bytes = new byte[BATCH];
    private int next = BATCH;

    private QueryIds() {}

    static int next() {
        return PER_THREAD.get().take();
    }

    private int take() {
        if (next == BATCH) {
            random.nextBytes(bytes);
            next = 0;
        }
        int id = Wire.u16(bytes, next);
        next += 2;
        return id;
    }
}
