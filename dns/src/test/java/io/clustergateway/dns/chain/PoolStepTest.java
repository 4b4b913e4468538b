package io.clustergateway.dns.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import io.clustergateway.dns.CacheSettings;
import io.clustergateway.dns.UpstreamStatus;
import io.clustergateway.dns.cache.DnsCache;
import io.clustergateway.dns.forward.UpstreamPool;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class PoolStepTest {
    private final DnsCache cache = new DnsCache(CacheSettings.defaults(), Ticker.systemTicker());
    private final PoolStep step = new PoolStep(cache, UpstreamAttribution.POOL_NAME);

    @Test
    void aStepJoiningAnotherQuerysFetchWaitsOnlyUntilItsOwnDeadline() {
        SilentPool pool = new SilentPool();
        Message query = Message.newQuery(Record.newRecord(
                Name.fromConstantString("web.default.svc.cluster.local."), Type.A, DClass.IN));

        CompletableFuture<Message> first = step.ask(pool, query, System.nanoTime() + Duration.ofSeconds(30).toNanos(),
                Trace.NONE);
        long started = System.nanoTime();
        CompletableFuture<Message> joined = step.ask(pool, query, started + Duration.ofMillis(150).toNanos(),
                Trace.NONE);

        assertThat(joined).failsWithin(Duration.ofSeconds(2)).withThrowableOfType(Exception.class)
                .withCauseInstanceOf(TimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(pool.queries.get()).as("identical misses still go upstream once").isEqualTo(1);
        assertThat(first).as("the first query keeps waiting for its own, longer deadline").isNotDone();
    }

    /** An upstream that never answers. */
    private static final class SilentPool implements UpstreamPool {
        final AtomicInteger queries = new AtomicInteger();

        @Override
        public String name() {
            return "cluster:silent";
        }

        @Override
        public List<InetSocketAddress> servers() {
            return List.of();
        }

        @Override
        public CompletableFuture<Message> query(Message query, long deadlineNanos) {
            queries.incrementAndGet();
            return new CompletableFuture<>();
        }

        @Override
        public List<UpstreamStatus> status() {
            return List.of();
        }

        @Override
        public void close() {}
    }
}
