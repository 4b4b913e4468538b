package io.clustergateway.gateway.nat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * One thread that owns a sync task, in the shape of kube-proxy's BoundedFrequencyRunner. Callers only
 * {@link #wake} it and return at once; the thread runs the task:
 * <ul>
 *   <li>soon after a wake, but never sooner than {@code minInterval} after the previous run started, so a burst of
 *       wakes is merged into one run that sees the latest state;</li>
 *   <li>at least every {@code maxInterval} without any wake (drift repair);</li>
 *   <li>after a failed run, again after a backoff that starts at {@code minInterval} (at least one second) and
 *       doubles up to {@code maxInterval}; a wake during the backoff still runs after {@code minInterval}, since
 *       the change may be what fixes it.</li>
 * </ul>
 */
final class SyncRunner implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SyncRunner.class);
    private static final long MIN_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The work; returns false when it failed and should be retried. */
    @FunctionalInterface
    interface Task {
        boolean run(String why);
    }

    private final String name;
    private final Task task;
    private final long minIntervalNanos;
    private final long maxIntervalNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread thread;
    private final CountDownLatch firstRunDone = new CountDownLatch(1);

    // guarded by lock
    private String wokenFor;
    private boolean stopping;
    private boolean everRun;
    private long lastStart;
    private int failures;

    SyncRunner(String name, Task task, Duration minInterval, Duration maxInterval) {
        if (minInterval.compareTo(maxInterval) > 0) {
            throw new IllegalArgumentException("min interval " + minInterval + " above max interval " + maxInterval);
        }
        this.name = name;
        this.task = task;
        this.minIntervalNanos = minInterval.toNanos();
        this.maxIntervalNanos = maxInterval.toNanos();
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Waits until the first run has finished (successfully or not); false when {@code timeout} passed first. */
    boolean awaitFirstRun(Duration timeout) throws InterruptedException {
        return firstRunDone.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Something changed: the task will run soon. Never blocks on the task. */
    void wake(String why) {
        lock.lock();
        try {
            if (wokenFor == null) {
                wokenFor = why;
            }
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the thread; a run in progress finishes first. */
    @Override
    public void close() {
        lock.lock();
        try {
            stopping = true;
            changed.signal();
        } finally {
            lock.unlock();
        }
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        while (true) {
            String why = awaitDue();
            if (why == null) {
                return;
            }
            boolean ok;
            try {
                ok = task.run(why);
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s failed", name);
                ok = false;
            }
            lock.lock();
            try {
                failures = ok ? 0 : failures + 1;
            } finally {
                lock.unlock();
            }
            firstRunDone.countDown();
        }
    }

    /** Waits until a run is due and returns why, or null when stopping. */
    private String awaitDue() {
        lock.lock();
        try {
            while (!stopping) {
                long now = System.nanoTime();
                String why;
                long due;
                if (!everRun) {
                    why = wokenFor == null ? "start" : wokenFor;
                    due = now;
                } else if (wokenFor != null) {
                    why = wokenFor;
                    due = lastStart + minIntervalNanos;
                } else if (failures > 0) {
                    why = "retry after failure";
                    due = lastStart + backoffNanos();
                } else {
                    why = "interval";
                    due = lastStart + maxIntervalNanos;
                }
                long wait = due - now;
                if (wait <= 0) {
                    everRun = true;
                    lastStart = now;
                    wokenFor = null;
                    return why;
                }
                changed.awaitNanos(wait);
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    private long backoffNanos() {
        long backoff = Math.max(minIntervalNanos, MIN_BACKOFF_NANOS);
        for (int i = 1; i < failures && backoff < maxIntervalNanos; i++) {
            backoff *= 2;
        }
        return Math.min(backoff, maxIntervalNanos);
    }
}
