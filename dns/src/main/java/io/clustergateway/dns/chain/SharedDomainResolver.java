package io.clustergateway.dns.chain;

import io.clustergateway.dns.forward.UpstreamUnavailableException;
import io.clustergateway.dns.route.Route;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * A domain several clusters serve: asks them in priority order. Only NXDOMAIN (the name does not exist there)
 * moves on to the next cluster; any other answer of a cluster, NODATA included, is the answer, so the records of one
 * name never mix clusters (an AAAA from one and an A from another). When all say NXDOMAIN the first NXDOMAIN is the
 * answer. A cluster that fails (no answer, SERVFAIL, REFUSED, still truncated) ends the walk with SERVFAIL: the name
 * may well live in that cluster, so neither a lower cluster's answer nor a cacheable "does not exist" may stand in.
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
        new Walk(snapshot, pools, query, result).next(0, null);
        return result;
    }

    /** The name does not exist in the cluster that said so: the only answer that lets the next one speak. */
    static boolean isNameError(Message answer) {
        return !truncated(answer) && answer.getRcode() == Rcode.NXDOMAIN;
    }

    /** An answer that settles the name: positive or NODATA; a truncated one (its TCP failed too) settles nothing. */
    static boolean isSettled(Message answer) {
        return !truncated(answer) && answer.getRcode() == Rcode.NOERROR;
    }

    private static boolean truncated(Message answer) {
        return answer.getHeader().getFlag(Flags.TC);
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

        void next(int index, Message firstNameError) {
            if (index == pools.size()) {
                result.complete(firstNameError);
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
                if (error == null && answer != null && isSettled(answer)) {
                    result.complete(answer);
                } else if (error == null && answer != null && isNameError(answer)) {
                    next(index + 1, firstNameError != null ? firstNameError : answer);
                } else if (error != null || answer == null) {
                    result.complete(Replies.servfail(query.message(), error != null ? error
                            : new UpstreamUnavailableException(pools.get(index) + " gave no answer")));
                } else {
                    result.complete(Replies.servfail(query.message(), ExtendedErrorCodeOption.NO_REACHABLE_AUTHORITY,
                            pools.get(index) + " answered " + Rcode.string(answer.getRcode())
                                    + (truncated(answer) ? " truncated" : "")));
                }
            });
        }
    }
}
