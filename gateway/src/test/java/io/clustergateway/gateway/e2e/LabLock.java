package io.clustergateway.gateway.e2e;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One end-to-end run per lab prefix on this machine at a time. Several builds of one work tree may run
 * {@code verify} at once (each with its own build dir); without this the second run's {@code lab.sh down} would
 * tear the first run's lab away under it. The lock file itself stays (empty): deleting it would race with a waiter.
 */
final class LabLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private LabLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static LabLock acquire(String prefix, Duration within) throws IOException {
        Path dir = Files.isDirectory(Path.of("/run/lock")) ? Path.of("/run/lock") : Path.of(System.getProperty("java.io.tmpdir"));
        Path file = dir.resolve("cluster-gateway-lab-" + prefix.replaceAll("-$", "") + ".lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        AtomicReference<FileLock> lock = new AtomicReference<>();
        try {
            Awaitility.await("no other end-to-end run holds " + file).atMost(within).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        lock.set(channel.tryLock());
                        return lock.get() != null;
                    });
        } catch (ConditionTimeoutException e) {
            channel.close();
            throw new IllegalStateException("another end-to-end run on this machine has held the lab '" + prefix
                    + "' (" + file + ") for more than " + within.toSeconds() + "s", e);
        }
        return new LabLock(channel, lock.get());
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
