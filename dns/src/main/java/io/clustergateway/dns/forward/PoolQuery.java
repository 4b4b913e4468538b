package io.clustergateway.dns.forward;

import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * One client query's way through a pool, confined to one event loop: tries upstreams in the policy's order, each
 * for at most the per-try timeout; moves on after a timeout, an error or an unhelpful answer (SERVFAIL, REFUSED,
 * FORMERR, NOTIMP, still truncated); goes round again only while some upstream merely timed out (a lost datagram)
 * and time remains. Gives up at the deadline with the last unhelpful answer, or with
 * {@link UpstreamUnavailableException}.
 */
final class PoolQuery {
    private final String pool;
    private final UpstreamAttempt attempt;
    private final List<Upstream> order;
    private final ForwardedQuery forwarded;
    private final int clientId;
    private final long deadlineNanos;
    private final long startedNanos;
    private final EventLoop loop;
    private final CompletableFuture<Message> result = new CompletableFuture<>();
    private int next;
    private boolean passHadTimeout;
    private Message unhelpful;
    private Throwable lastError;
    private Upstream lastFailed;
    private Upstream asking;

    /**
     * @param pool  the pool and its servers as error messages name them: "cluster:old [10.96.0.10:53]"
     * @param order the upstreams to try, in this order
     */
    PoolQuery(String pool, UpstreamAttempt attempt, List<Upstream> order, ForwardedQuery forwarded, int clientId,
              long deadlineNanos, EventLoop loop) {
        this.pool = pool;
        this.attempt = attempt;
        this.order = order;
        this.forwarded = forwarded;
        this.clientId = clientId;
        this.deadlineNanos = deadlineNanos;
        this.startedNanos = attempt.now();
        this.loop = loop;
    }

    CompletableFuture<Message> result() {
        return result;
    }

    void start() {
        long remaining = deadlineNanos - attempt.now();
        if (remaining <= 0) {
            giveUp();
            return;
        }
        // The tries' own timeouts end before the deadline; this only guarantees no caller ever hangs.
        var deadline = loop.schedule(this::giveUp, remaining, TimeUnit.NANOSECONDS);
        result.whenComplete((answer, error) -> deadline.cancel(false));
        tryNext();
    }

    private void tryNext() {
        if (result.isDone()) {
            return;
        }
        long remaining = deadlineNanos - attempt.now();
        if (remaining <= 0 || order.isEmpty()) {
            giveUp();
            return;
        }
        if (next == order.size()) {
            if (!passHadTimeout) {
                giveUp();
                return;
            }
            next = 0;
            passHadTimeout = false;
        }
        Upstream upstream = order.get(next++);
        asking = upstream;
        attempt.ask(loop, upstream, forwarded, Math.min(attempt.perTryNanos(), remaining), deadlineNanos)
                .whenComplete((answer, error) -> {
                    asking = null;
                    if (error != null) {
                        failed(upstream, error);
                    } else {
                        answered(answer);
                    }
                });
    }

    private void answered(Message answer) {
        if (isUnhelpful(answer)) {
            unhelpful = answer;
            tryNext();
        } else {
            finish(answer);
        }
    }

    private void failed(Upstream upstream, Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        lastError = cause;
        lastFailed = upstream;
        if (cause instanceof TimeoutException) {
            passHadTimeout = true;
        }
        tryNext();
    }

    private static boolean isUnhelpful(Message answer) {
        int rcode = answer.getRcode();
        return rcode == Rcode.SERVFAIL || rcode == Rcode.REFUSED || rcode == Rcode.FORMERR || rcode == Rcode.NOTIMP
                || answer.getHeader().getFlag(Flags.TC);
    }

    private void giveUp() {
        if (result.isDone()) {
            return;
        }
        if (unhelpful != null) {
            finish(unhelpful);
            return;
        }
        if (asking != null) { // the deadline cut the try in flight short
            lastFailed = asking;
            lastError = new TimeoutException("deadline reached");
        }
        String message = "no answer from " + pool
                + " within " + TimeUnit.NANOSECONDS.toMillis(attempt.now() - startedNanos) + "ms"
                + (lastError == null ? "" : " (last: " + lastFailed + " " + describe(lastError) + ")");
        result.completeExceptionally(new UpstreamUnavailableException(message, lastError));
    }

    /** Netty's native errors ("recvAddress(..) failed: Connection refused") in words an operator reads. */
    private static String describe(Throwable error) {
        if (error instanceof java.net.PortUnreachableException) {
            return "port unreachable";
        }
        if (error instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (error instanceof TimeoutException) {
            return "timed out";
        }
        return error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
    }

    /** A forwarder is not authoritative for what it relays (RFC 1035 4.1.1): AA goes, in the cache too. */
    private void finish(Message answer) {
        answer.getHeader().setID(clientId);
        answer.getHeader().unsetFlag(Flags.AA);
        result.complete(answer);
    }
}
