package io.clustergateway.dns;

import io.clustergateway.dns.chain.Query;
import io.clustergateway.dns.chain.Replies;
import io.clustergateway.dns.chain.Router;
import io.clustergateway.dns.chain.Trace;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
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

    /**
     * @param name    a DNS name, or an IP address, which stands for its reverse name (10.96.0.10 asks
     *                10.0.96.10.in-addr.arpa)
     * @param noCache ask the pools even when the cache holds an answer (and leave the cache as it is)
     */
    CompletableFuture<Explanation> explain(String name, int type, boolean noCache) {
        Name qname;
        try {
            qname = isAddress(name) ? ReverseMap.fromAddress(name) : Name.fromString(name, Name.root);
        } catch (TextParseException | UnknownHostException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("not a DNS name: " + name, e));
        }
        long start = System.nanoTime();
        Message message = Message.newQuery(Record.newRecord(qname, type, DClass.IN));
        Recording trace = new Recording(noCache);
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

    /** An IPv4 or IPv6 literal (never a name lookup). */
    static boolean isAddress(String name) {
        return Address.isDottedQuad(name) || (name.indexOf(':') >= 0 && Address.toByteArray(name, Address.IPv6) != null);
    }

    private static final class Recording implements Trace {
        private final boolean noCache;
        private final List<String> tried = new ArrayList<>();
        private String answeredBy;
        private String failure;

        Recording(boolean noCache) {
            this.noCache = noCache;
        }

        @Override
        public boolean bypassesCache() {
            return noCache;
        }

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
                failure = reason.startsWith(pool) ? reason : pool + " " + reason;
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
