package io.clustergateway.dns.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import io.clustergateway.dns.CacheSettings;
import io.clustergateway.dns.ClusterDns;
import io.clustergateway.dns.DnsRoutes;
import io.clustergateway.dns.cache.DnsCache;
import io.clustergateway.dns.route.RouteTable;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;

/** The shortcut answers only where the chain would answer the same bytes from the cache, and leaves no trace else. */
class CacheShortcutTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 5300);
    private static final InetSocketAddress STRANGER = new InetSocketAddress("192.0.2.99", 5300);

    private final RouterTest.FakePool old = new RouterTest.FakePool("cluster:old");
    private final RouterTest.FakePool neu = new RouterTest.FakePool("cluster:new");
    private final RouterTest.FakePool upstream = new RouterTest.FakePool("upstream");
    private final DnsCache cache = new DnsCache(CacheSettings.defaults(), Ticker.systemTicker());
    private final AtomicLong clock = new AtomicLong();

    private Snapshot snapshot(ClusterDns... clusters) {
        return new Snapshot(RouteTable.of(new DnsRoutes(List.of(clusters), List.of(), List.of())),
                AllowList.of(List.of()), Map.of(old.name(), old, neu.name(), neu, upstream.name(), upstream));
    }

    private static ClusterDns cluster(String name, int priority, String cidr) {
        return new ClusterDns(name, Name.fromConstantString("cluster.local."),
                Name.fromConstantString(name + ".cluster.local."), priority,
                List.of(new InetSocketAddress("127.0.0.1", 53)), List.of(cidr));
    }

    /** Asks through the chain once, so the answer is cached as the chain caches it. */
    private void askThroughTheChain(Snapshot snapshot, Name name, int type) throws Exception {
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        Router router = new Router(() -> snapshot, new PoolStep(cache, UpstreamAttribution.POOL_NAME));
        router.handle(Query.of(query, CLIENT, Transport.UDP, System.nanoTime())).get(1, TimeUnit.SECONDS);
    }

    private static PlainQuery plain(Name name, int type) {
        return new PlainQuery(77, true, false, name, type, DClass.IN, false, 0, false);
    }

    @Test
    void aCachedUpstreamOrSingleClusterAnswerIsServedFromBytes() throws Exception {
        Snapshot snapshot = snapshot(cluster("old", 10, "10.200.0.0/16"));
        old.answers(q -> RouterTest.positive(q, "10.96.0.1"));
        upstream.answers(q -> RouterTest.positive(q, "198.18.0.1"));
        Name external = Name.fromConstantString("www.example.com.");
        askThroughTheChain(snapshot, Name.fromConstantString("web.default.svc.cluster.local."), Type.A);
        askThroughTheChain(snapshot, external, Type.A);
        CacheShortcut shortcut = new CacheShortcut(() -> snapshot, cache, null);

        CacheShortcut.Hit hit = shortcut.lookup(plain(Name.fromConstantString("WEB.default.svc.cluster.local."),
                Type.A), CLIENT, 512);

        assertThat(hit.route()).isEqualTo("shared:cluster.local");
        Message answer = new Message(hit.wire());
        assertThat(answer.getHeader().getID()).isEqualTo(77);
        assertThat(answer.getQuestion().getName()).hasToString("WEB.default.svc.cluster.local.");
        assertThat(shortcut.lookup(plain(external, Type.A), CLIENT, 512).route()).isEqualTo("upstream");
        assertThat(cache.stats().hits()).isEqualTo(2);
    }

    @Test
    void leavesToTheChainWhatItWouldDecideOtherwiseAndCountsNothing() throws Exception {
        Snapshot shared = snapshot(cluster("old", 20, "10.200.0.0/16"), cluster("new", 10, "10.100.0.0/16"));
        old.answers(q -> RouterTest.positive(q, "10.96.0.1"));
        neu.answers(q -> RouterTest.positive(q, "10.254.0.1"));
        upstream.answers(q -> RouterTest.positive(q, "198.18.0.1"));
        Name service = Name.fromConstantString("web.default.svc.cluster.local.");
        Name aliased = Name.fromConstantString("web.default.svc.old.cluster.local.");
        Name reverse = ReverseMap.fromAddress("10.200.0.7");
        Name external = Name.fromConstantString("www.example.com.");
        for (Name name : List.of(service, aliased, reverse, external)) {
            askThroughTheChain(shared, name, name == reverse ? Type.PTR : Type.A);
        }
        RateLimit oneASecond = new RateLimit(1, clock::get, query -> null);
        CacheShortcut shortcut = new CacheShortcut(() -> shared, cache, oneASecond);

        assertThat(shortcut.lookup(plain(service, Type.A), CLIENT, 512)).as("two clusters share the domain").isNull();
        assertThat(shortcut.lookup(plain(aliased, Type.A), CLIENT, 512)).as("an alias is rewritten").isNull();
        assertThat(shortcut.lookup(plain(reverse, Type.PTR), CLIENT, 512)).as("PTR names under the alias").isNull();
        assertThat(shortcut.lookup(plain(external, Type.A), STRANGER, 512)).as("outside the allow list").isNull();
        assertThat(shortcut.lookup(plain(external, Type.A), CLIENT, 10)).as("needs truncation").isNull();
        assertThat(shortcut.lookup(plain(Name.fromConstantString("other.example.com."), Type.A), CLIENT, 512))
                .as("a miss").isNull();
        assertThat(cache.stats().hits()).isZero();

        assertThat(shortcut.lookup(plain(external, Type.A), CLIENT, 512)).as("within the rate").isNotNull();
        assertThat(shortcut.lookup(plain(external, Type.A), CLIENT, 512)).as("over the rate").isNull();
        assertThat(cache.stats().hits()).isEqualTo(1);
    }
}
