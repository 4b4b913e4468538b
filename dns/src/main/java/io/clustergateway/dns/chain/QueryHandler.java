package io.clustergateway.dns.chain;

import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Message;

/**
 * One link of the chain: answers the query itself or passes it to the next handler.
 * The future completes with the answer for the client, or with {@code null} when the client gets no reply.
 */
@FunctionalInterface
public interface QueryHandler {
    CompletableFuture<Message> handle(Query query);
}
