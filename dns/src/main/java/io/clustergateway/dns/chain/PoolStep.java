package io.clustergateway.dns.chain;

import io.clustergateway.dns.UpstreamFailure;
import io.clustergateway.dns.cache.CacheKey;
import io.clustergateway.dns.cache.DnsCache;
import io.clustergateway.dns.forward.UpstreamPool;
import io.clustergateway.dns.forward.UpstreamUnavailableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * Asks one pool through the cache: the answer is cached under the pool's name, so a cluster's answer is shared
 * by every route that reaches that cluster (alias and shared domain).
 */
public final class PoolStep {
    private final DnsCache cache;
    private final UpstreamAttribution attribution;

    public PoolStep(DnsCache cache, UpstreamAttribution attribution) {
        this.cache = cache;
        this.attribution = attribution;
    }

    public CompletableFuture<Message> ask(UpstreamPool pool, Message query, long deadlineNanos, Trace trace) {
        trace.asked(pool.name());
        Fetch fetch = new Fetch(pool, query, deadlineNanos);
        CompletableFuture<Message> answer;
        try {
            answer = trace.bypassesCache() ? fetch.get() : cache.resolve(CacheKey.of(pool.name(), query), query, fetch);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        if (!answer.isDone() && !fetch.invoked) {
            // joined a fetch another query started, maybe with a longer deadline: wait no longer than this step
            // may (a shared-domain walk gives each cluster only its share of the budget, then asks the next)
            answer = answer.copy().orTimeout(Math.max(deadlineNanos - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
        }
        answer = answer.thenApply(message -> isStale(fetch, message)
                ? Replies.withExtendedError(message, query, ExtendedErrorCodeOption.STALE_ANSWER,
                        "from the cache: " + pool.name() + " " + fetch.failure)
                : message);
        if (trace == Trace.NONE) {
            return answer;
        }
        return answer.whenComplete((message, error) -> traceAnswer(pool, fetch, message, error, trace));
    }

    /** Cache (fresh, or stale after a failed fetch), the pool, or why the pool failed: only explain wants to know. */
    private void traceAnswer(UpstreamPool pool, Fetch fetch, Message message, Throwable error, Trace trace) {
        if (message == null) {
            trace.failed(pool.name(), error == null ? "no answer" : reason(error));
            return;
        }
        if (!fetch.invoked || isStale(fetch, message)) {
            trace.answeredBy("cache");
        } else if (!fetch.failed) {
            trace.answeredBy(attribution.lastAnswered(pool));
        } else {
            trace.failed(pool.name(), attribution.lastAnswered(pool) + " answered " + Rcode.string(message.getRcode()));
        }
    }

    /** A failed fetch that still produced a usable answer: the cache served it stale (RFC 8767). */
    private static boolean isStale(Fetch fetch, Message message) {
        return message != null && fetch.invoked && fetch.failed && !isFailure(message.getRcode());
    }

    /** "timeout: no answer from cluster:new [...] within 750ms (...)": the cause first, then the details. */
    static String reason(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        UpstreamFailure failure = cause instanceof UpstreamUnavailableException unavailable
                ? unavailable.failure() : UpstreamFailure.of(cause);
        return failure.word() + ": " + (cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
    }

    static boolean isFailure(int rcode) {
        return rcode == Rcode.SERVFAIL || rcode == Rcode.REFUSED;
    }

    /** The upstream call, made only on a cache miss; remembers whether it was made and whether it failed. */
    private static final class Fetch implements Supplier<CompletableFuture<Message>> {
        private final UpstreamPool pool;
        private final Message query;
        private final long deadlineNanos;
        volatile boolean invoked;
        volatile boolean failed;
        volatile String failure = "failed";

        Fetch(UpstreamPool pool, Message query, long deadlineNanos) {
            this.pool = pool;
            this.query = query;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public CompletableFuture<Message> get() {
            invoked = true;
            return pool.query(query, deadlineNanos).whenComplete((message, error) -> {
                failed = error != null || message == null || isFailure(message.getRcode());
                if (error != null) {
                    failure = reason(error);
                } else if (failed && message != null) {
                    failure = "answered " + Rcode.string(message.getRcode());
                }
            });
        }
    }
}
