package io.clustergateway.dns.chain;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/** REFUSED for clients outside the allow list; the list is swapped with the routes. */
public final class AccessControl implements QueryHandler {
    private final Supplier<AllowList> allowList;
    private final QueryHandler next;

    public AccessControl(Supplier<AllowList> allowList, QueryHandler next) {
        this.allowList = allowList;
        this.next = next;
    }

    @Override
    public CompletableFuture<Message> handle(Query query) {
        if (!allowList.get().allows(query.client().getAddress())) {
            return Replies.errorNow(query.message(), Rcode.REFUSED);
        }
        return next.handle(query);
    }
}
