package io.clustergateway.dns.forward;

import io.clustergateway.dns.UpstreamStatus;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Message;

/**
 * The servers one route forwards to (a cluster's CoreDNS addresses, or the upstream resolvers), with their health.
 * Create with {@link UpstreamPools#create}.
 */
public interface UpstreamPool extends AutoCloseable {
    /** "cluster:old" or "upstream". */
    String name();

    List<InetSocketAddress> servers();

    /**
     * Forwards {@code query} (its first question, RD/CD/AD flags and DO bit; our own EDNS buffer size).
     *
     * @param deadlineNanos on the pool's nano clock ({@link System#nanoTime()} by default)
     * @return completes with the validated upstream answer (any rcode; its ID set back to the query's ID),
     *     or exceptionally with {@link UpstreamUnavailableException} when no upstream answered before the deadline
     */
    CompletableFuture<Message> query(Message query, long deadlineNanos);

    /**
     * Asks every server that answered nothing within {@code quietFor} once (a {@code . IN NS} probe), so the
     * health in {@link #status()} is current even when no client asked lately.
     */
    default CompletableFuture<Void> checkQuiet(Duration quietFor, Duration timeout) {
        return CompletableFuture.completedFuture(null); // a pool without health checks has nothing to refresh
    }

    List<UpstreamStatus> status();

    @Override
    void close();
}
