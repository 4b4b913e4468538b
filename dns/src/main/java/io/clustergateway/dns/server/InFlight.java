package io.clustergateway.dns.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts queries between arrival and answer, so close() can let them finish. */
final class InFlight {
    private final AtomicInteger count = new AtomicInteger();
    private final Object drained = new Object();

    void begin() {
        count.incrementAndGet();
    }

    void end() {
        if (count.decrementAndGet() == 0) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }

    int count() {
        return count.get();
    }

    /** Waits until nothing is in flight or the time is up; true when drained. */
    boolean awaitDrained(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        synchronized (drained) {
            while (count.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(drained, left);
            }
        }
        return true;
    }
}
