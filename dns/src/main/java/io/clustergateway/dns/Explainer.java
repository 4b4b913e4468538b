package io.clustergateway.dns;

import io.clustergateway.dns.chain.Query;
import io.clustergateway.dns.chain.Replies;
import io.clustergateway.dns.chain.Router;
import io.clustergateway.dns.chain.Trace;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Runs one name through the router with a recording trace: the data behind the explain endpoint. */
final class Explainer {
    private static final InetSocketAddress SELF = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final Router router;
    private final Duration timeout;

    Explainer(Router router, Duration timeout) {
        this.router = router;
        this.timeout = timeout;
    }

    CompletableFuture<Explanation> explain(String name, int type) {
        Name qname;
        try {
            qname = Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("not a DNS name: " + name, e));
        }
        long start = System.nanoTime();
        Message message = Message.newQuery(Record.newRecord(qname, type, DClass.IN));
        Recording trace = new Recording();
        Query query = Query.traced(message, SELF, start, trace);
        query.deadlineNanos(start + timeout.toNanos());
        CompletableFuture<Message> answer;
        try {
            answer = router.handle(query);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer
                .orTimeout(timeout.toMillis() + 500, TimeUnit.MILLISECONDS)
                .handle((reply, error) -> {
                    Message shown = error == null && reply != null ? reply : Replies.error(message, Rcode.SERVFAIL);
                    List<String> answers = new ArrayList<>();
                    for (Record record : shown.getSection(Section.ANSWER)) {
                        answers.add(record.toString());
                    }
                    return new Explanation(qname.toString(), Type.string(type), query.route(), trace.tried(),
                            trace.answeredBy(), Rcode.string(shown.getRcode()), answers, trace.failure(),
                            Duration.ofNanos(System.nanoTime() - start));
                });
    }

    private static final class Recording implements Trace {
        private final List<String> tried = new ArrayList<>();
        private String answeredBy;
        private String failure;

        @Override
        public synchronized void asked(String pool) {
            tried.add(pool);
        }

        @Override
        public synchronized void answeredBy(String who) {
            answeredBy = who;
        }

        @Override
        public synchronized void failed(String pool, String reason) {
            if (failure == null) { // the first failure decided the answer
                failure = reason.startsWith(pool) ? reason : pool + ": " + reason;
            }
        }

        synchronized Optional<String> failure() {
            return Optional.ofNullable(failure);
        }

        synchronized List<String> tried() {
            return List.copyOf(tried);
        }

        synchronized Optional<String> answeredBy() {
            return Optional.ofNullable(answeredBy);
        }
    }
}
