package io.clustergateway.dns.server;

import io.clustergateway.dns.chain.Query;
import org.xbill.DNS.Message;

/** Told about each answer sent to a client (counters, listener) . */
@FunctionalInterface
public interface AnswerSink {
    void answered(Query query, Message answer);

    AnswerSink NONE = (query, answer) -> {};
}
