package io.clustergateway.dns.chain;

import io.clustergateway.dns.route.Route;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.xbill.DNS.Message;

/**
 * The last link: picks the route for the question and resolves it through the pools; a CNAME out of the zone that
 * answered is chased through the same routing ({@link CnameChase}).
 */
public final class Router implements QueryHandler {
    private final Supplier<Snapshot> snapshot;
    private final PoolStep step;
    private final SharedDomainResolver shared;
    private final CnameChase chase = new CnameChase(this::resolve);

    public Router(Supplier<Snapshot> snapshot, PoolStep step) {
        this.snapshot = snapshot;
        this.step = step;
        this.shared = new SharedDomainResolver(step);
    }

    @Override
    public CompletableFuture<Message> handle(Query query) {
        return resolve(query).thenCompose(answer -> chase.complete(query, answer));
    }

    /** Routes the query and resolves it through its pools, without chasing CNAMEs out of the zone. */
    private CompletableFuture<Message> resolve(Query query) {
        Snapshot current = snapshot.get();
        Message message = query.message();
        Route route = current.routes().route(message.getQuestion().getName());
        query.route(route.label());
        if (route instanceof Route.Alias alias) {
            return resolveAlias(current, alias, query);
        }
        if (route instanceof Route.Shared sharedRoute) {
            return shared.resolve(current, sharedRoute, query);
        }
        if (route instanceof Route.Reverse reverse) {
            return resolveReverse(current, reverse, query);
        }
        return step.ask(current.pool(Snapshot.UPSTREAM_POOL), message, query.deadlineNanos(), query.trace());
    }

    private CompletableFuture<Message> resolveReverse(Snapshot current, Route.Reverse reverse, Query query) {
        Message client = query.message();
        CompletableFuture<Message> answer = step.ask(current.pool(reverse.pool()), client, query.deadlineNanos(),
                query.trace());
        return reverse.namesUnderAlias() ? answer.thenApply(a -> reverse.rewriter().toAlias(a, client)) : answer;
    }

    private CompletableFuture<Message> resolveAlias(Snapshot current, Route.Alias alias, Query query) {
        Message client = query.message();
        Message underDomain = alias.rewriter().toDomain(client);
        return step.ask(current.pool(alias.pool()), underDomain, query.deadlineNanos(), query.trace())
                .thenApply(answer -> alias.rewriter().toAlias(answer, client));
    }
}
