package io.clustergateway.dns.chain;

import io.clustergateway.dns.cache.CnameChain;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Completes an answer whose CNAME chain leaves the zone that answered (a Kubernetes ExternalName Service answers
 * {@code ext.default.svc.cluster.local CNAME example.org} and nothing more): the target is resolved through the
 * router, as any client name would be, and its records appended, so a stub resolver such as glibc's gets the
 * address it asked for. The target's rcode becomes the answer's (a CNAME to a missing name is NXDOMAIN, RFC 6604).
 * At most {@value #MAX_HOPS} names are chased (unbound's bound); a chain that comes back to a name seen is a loop,
 * and either ends in SERVFAIL.
 */
final class CnameChase {
    static final int MAX_HOPS = 8;

    private final Function<Query, CompletableFuture<Message>> resolve;

    /** @param resolve routes and resolves one query without chasing (the router's own step) */
    CnameChase(Function<Query, CompletableFuture<Message>> resolve) {
        this.resolve = resolve;
    }

    CompletableFuture<Message> complete(Query query, Message answer) {
        if (answer == null || CnameChain.unansweredTarget(answer).isEmpty()) {
            return CompletableFuture.completedFuture(answer);
        }
        Set<Name> seen = new HashSet<>();
        seen.add(query.message().getQuestion().getName());
        return chase(query, answer, seen, 0);
    }

    private CompletableFuture<Message> chase(Query query, Message answer, Set<Name> seen, int hops) {
        Optional<Name> target = CnameChain.unansweredTarget(answer);
        if (target.isEmpty()) {
            return CompletableFuture.completedFuture(answer);
        }
        if (hops == MAX_HOPS || !seen.add(target.get())) {
            return Replies.errorNow(query.message(), Rcode.SERVFAIL);
        }
        Query next = subQuery(query, target.get());
        CompletableFuture<Message> resolved;
        try {
            resolved = resolve.apply(next);
        } catch (RuntimeException e) {
            resolved = CompletableFuture.failedFuture(e);
        }
        return resolved.thenCompose(targetAnswer -> targetAnswer == null
                ? Replies.errorNow(query.message(), Rcode.SERVFAIL)
                : chase(query, joined(answer, targetAnswer), seen, hops + 1));
    }

    /** The same question for {@code target}, with the client's RD and CD, its deadline and its trace. */
    private static Query subQuery(Query query, Name target) {
        Message client = query.message();
        Record question = client.getQuestion();
        Message message = Message.newQuery(Record.newRecord(target, question.getType(), DClass.IN));
        if (!client.getHeader().getFlag(Flags.RD)) {
            message.getHeader().unsetFlag(Flags.RD);
        }
        if (client.getHeader().getFlag(Flags.CD)) {
            message.getHeader().setFlag(Flags.CD);
        }
        Query next = query.trace() == Trace.NONE
                ? Query.of(message, query.client(), query.transport(), query.arrivalNanos())
                : Query.traced(message, query.client(), query.arrivalNanos(), query.trace());
        next.deadlineNanos(query.deadlineNanos());
        return next;
    }

    /** The chain so far, then the target's records; the target's rcode and authority (its SOA for a negative). */
    private static Message joined(Message answer, Message targetAnswer) {
        Message joined = answer.clone();
        for (Record record : targetAnswer.getSection(Section.ANSWER)) {
            if (!joined.findRecord(record, Section.ANSWER)) {
                joined.addRecord(record, Section.ANSWER);
            }
        }
        joined.removeAllRecords(Section.AUTHORITY);
        for (Record record : targetAnswer.getSection(Section.AUTHORITY)) {
            joined.addRecord(record, Section.AUTHORITY);
        }
        joined.getHeader().setRcode(targetAnswer.getRcode());
        joined.getHeader().unsetFlag(Flags.AA);
        return joined;
    }
}
