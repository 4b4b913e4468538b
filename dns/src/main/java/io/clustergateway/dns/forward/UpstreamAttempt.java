package io.clustergateway.dns.forward;

import io.clustergateway.dns.DnsListener;
import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * One try at one upstream of a pool: UDP, and TCP to the same upstream when the UDP answer is truncated; asked
 * once more without EDNS when it answers FORMERR or NOTIMP to our OPT (RFC 6891 section 7). A failed retry still
 * leaves the first answer (a truncated one lets the client retry over TCP itself). Every try counts toward the
 * upstream's health and is reported to the listener.
 */
final class UpstreamAttempt {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamAttempt.class);

    private final String pool;
    private final Exchange udp;
    private final Exchange tcp;
    private final long perTryNanos;
    private final LongSupplier clock;
    private final HealthProbe probe;
    private final DnsListener listener;

    UpstreamAttempt(String pool, Exchange udp, Exchange tcp, ForwardSettings settings, HealthProbe probe,
                    DnsListener listener) {
        this.pool = pool;
        this.udp = udp;
        this.tcp = tcp;
        this.perTryNanos = settings.perTryTimeout().toNanos();
        this.clock = settings.nanoClock();
        this.probe = probe;
        this.listener = listener;
    }

    long now() {
        return clock.getAsLong();
    }

    long perTryNanos() {
        return perTryNanos;
    }

    /** @param timeoutNanos for the first exchange; retries (TCP, no EDNS) get a fresh try, within the deadline */
    CompletableFuture<Message> ask(EventLoop loop, Upstream upstream, ForwardedQuery forwarded, long timeoutNanos,
                                   long deadlineNanos) {
        long started = now();
        return exchange(loop, upstream, forwarded, timeoutNanos, deadlineNanos)
                .thenCompose(answer -> {
                    if (!forwarded.hasEdns() || !rejectsEdns(answer)) {
                        return CompletableFuture.completedFuture(answer);
                    }
                    long left = Math.min(perTryNanos, deadlineNanos - now());
                    if (left <= 0) {
                        return CompletableFuture.completedFuture(answer);
                    }
                    LOG.debug("{} answered {} to EDNS; asking again without", upstream, Rcode.string(answer.getRcode()));
                    return exchange(loop, upstream, forwarded.withoutEdns(), left, deadlineNanos)
                            .handle((plain, error) -> plain != null ? plain : answer);
                })
                .whenComplete((answer, error) -> record(upstream, now() - started, error));
    }

    private CompletableFuture<Message> exchange(EventLoop loop, Upstream upstream, ForwardedQuery forwarded,
                                                long timeoutNanos, long deadlineNanos) {
        int id = ForwardedQuery.randomId();
        byte[] wire = forwarded.withId(id);
        ResponseValidator validator = new ResponseValidator(upstream.address(), id, forwarded.question());
        return udp.exchange(loop, upstream.address(), wire, validator, timeoutNanos)
                .thenCompose(answer -> {
                    if (!answer.getHeader().getFlag(Flags.TC)) {
                        return CompletableFuture.completedFuture(answer);
                    }
                    long left = Math.min(perTryNanos, deadlineNanos - now());
                    if (left <= 0) {
                        return CompletableFuture.completedFuture(answer);
                    }
                    LOG.debug("truncated answer from {} for {}; asking again over TCP", upstream,
                            ResponseValidator.describe(forwarded.question()));
                    return tcp.exchange(loop, upstream.address(), wire, validator, left)
                            .handle((whole, error) -> whole != null ? whole : answer);
                });
    }

    private static boolean rejectsEdns(Message answer) {
        return (answer.getRcode() == Rcode.FORMERR || answer.getRcode() == Rcode.NOTIMP) && answer.getOPT() == null;
    }

    private void record(Upstream upstream, long nanos, Throwable error) {
        if (error == null) {
            probe.answered(upstream, nanos);
        } else {
            probe.failed(upstream, error);
        }
        try {
            listener.onUpstream(pool, upstream.address(), nanos, error == null);
        } catch (RuntimeException e) {
            LOG.warn("DnsListener.onUpstream failed", e);
        }
    }
}
