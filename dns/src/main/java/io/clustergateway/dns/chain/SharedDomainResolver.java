package io.clustergateway.dns.chain;

import io.clustergateway.dns.route.Route;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * A domain several clusters serve: asks them in priority order. NXDOMAIN or NODATA moves on to the next; the
 * first positive answer wins; when all are negative NODATA beats NXDOMAIN (the name exists somewhere). When a
 * cluster could not be asked and nobody answered positively, the client gets SERVFAIL rather than a negative
 * answer it would cache: the name may well live in the cluster that is down.
 */
final class SharedDomainResolver {
    private final PoolStep step;

    SharedDomainResolver(PoolStep step) {
        this.step = step;
    }

    CompletableFuture<Message> resolve(Snapshot snapshot, Route.Shared route, Query query) {
        List<String> pools = route.pools();
        if (pools.size() == 1) {
            return step.ask(snapshot.pool(pools.get(0)), query.message(), query.deadlineNanos(), query.trace());
        }
        CompletableFuture<Message> result = new CompletableFuture<>();
        new Walk(snapshot, pools, query, result).next(0, null, false);
        return result;
    }

    static boolean isPositive(Message answer) {
        return !truncated(answer) && answer.getRcode() == Rcode.NOERROR && !answer.getSection(Section.ANSWER).isEmpty();
    }

    /** A truncated answer (the cluster's TCP failed too) says nothing about the name: neither kind counts. */
    static boolean isNegative(Message answer) {
        int rcode = answer.getRcode();
        return !truncated(answer)
                && (rcode == Rcode.NXDOMAIN || (rcode == Rcode.NOERROR && answer.getSection(Section.ANSWER).isEmpty()));
    }

    private static boolean truncated(Message answer) {
        return answer.getHeader().getFlag(Flags.TC);
    }

    /** The better of two negative answers: NODATA over NXDOMAIN, else the earlier. */
    static Message betterNegative(Message kept, Message candidate) {
        if (kept == null) {
            return candidate;
        }
        return kept.getRcode() == Rcode.NXDOMAIN && candidate.getRcode() == Rcode.NOERROR ? candidate : kept;
    }

    private final class Walk {
        private final Snapshot snapshot;
        private final List<String> pools;
        private final Query query;
        private final CompletableFuture<Message> result;

        Walk(Snapshot snapshot, List<String> pools, Query query, CompletableFuture<Message> result) {
            this.snapshot = snapshot;
            this.pools = pools;
            this.query = query;
            this.result = result;
        }

        void next(int index, Message bestNegative, boolean anyFailed) {
            if (index == pools.size()) {
                if (bestNegative != null && !anyFailed) {
                    result.complete(bestNegative);
                } else {
                    result.complete(Replies.error(query.message(), Rcode.SERVFAIL));
                }
                return;
            }
            // later clusters keep a fair share of what is left of the budget
            long now = System.nanoTime();
            long left = Math.max(query.deadlineNanos() - now, 0);
            long stepDeadline = now + left / (pools.size() - index);
            CompletableFuture<Message> asked;
            try {
                asked = step.ask(snapshot.pool(pools.get(index)), query.message(), stepDeadline, query.trace());
            } catch (RuntimeException e) {
                asked = CompletableFuture.failedFuture(e);
            }
            asked.whenComplete((answer, error) -> {
                if (error == null && answer != null && isPositive(answer)) {
                    result.complete(answer);
                } else if (error == null && answer != null && isNegative(answer)) {
                    next(index + 1, betterNegative(bestNegative, answer), anyFailed);
                } else {
                    next(index + 1, bestNegative, true);
                }
            });
        }
    }
}
