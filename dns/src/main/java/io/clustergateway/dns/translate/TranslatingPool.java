package io.clustergateway.dns.translate;

import io.clustergateway.dns.UpstreamStatus;
import io.clustergateway.dns.forward.UpstreamPool;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Message;

/**
 * A translated cluster's pool: asks the cluster through {@link AnswerTranslator#toCluster} and hands back
 * {@link AnswerTranslator#fromCluster}, so whoever caches the pool's answers caches translated ones.
 */
public final class TranslatingPool implements UpstreamPool {
    private final UpstreamPool cluster;
    private final AnswerTranslator translator;

    public TranslatingPool(UpstreamPool cluster, AnswerTranslator translator) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.translator = Objects.requireNonNull(translator, "translator");
    }

    public AnswerTranslator translator() {
        return translator;
    }

    @Override
    public String name() {
        return cluster.name();
    }

    @Override
    public List<InetSocketAddress> servers() {
        return cluster.servers();
    }

    @Override
    public CompletableFuture<Message> query(Message query, long deadlineNanos) {
        return cluster.query(translator.toCluster(query), deadlineNanos)
                .thenApply(answer -> translator.fromCluster(query, answer));
    }

    @Override
    public CompletableFuture<Void> checkQuiet(Duration quietFor, Duration timeout) {
        return cluster.checkQuiet(quietFor, timeout);
    }

    @Override
    public List<UpstreamStatus> status() {
        return cluster.status();
    }

    @Override
    public void close() {
        cluster.close();
    }
}
