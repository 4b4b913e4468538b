package io.clustergateway.dns.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import io.clustergateway.dns.CacheSettings;
import io.clustergateway.dns.ClusterDns;
import io.clustergateway.dns.DnsRoutes;
import io.clustergateway.dns.UpstreamStatus;
import io.clustergateway.dns.cache.DnsCache;
import io.clustergateway.dns.forward.UpstreamPool;
import io.clustergateway.dns.forward.UpstreamUnavailableException;
import io.clustergateway.dns.route.RouteTable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Routing and shared-domain fall-through, with scripted pools standing in for the forwarders. */
class RouterTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 5300);

    private final FakePool old = new FakePool("cluster:old");
    private final FakePool neu = new FakePool("cluster:new");
    private final FakePool upstream = new FakePool("upstream");
    private final Router router = router();

    private Router router() {
        ClusterDns oldCluster = cluster("old", 20, "10.200.0.0/16");
        ClusterDns newCluster = cluster("new", 10, "10.100.0.0/16");
        Snapshot snapshot = new Snapshot(RouteTable.of(new DnsRoutes(List.of(oldCluster, newCluster), List.of(),
                List.of())), AllowList.of(List.of()), Map.of(old.name(), old, neu.name(), neu, upstream.name(), upstream));
        DnsCache cache = new DnsCache(CacheSettings.defaults(), Ticker.systemTicker());
        return new Router(() -> snapshot, new PoolStep(cache, UpstreamAttribution.POOL_NAME));
    }

    @Test
    void fallsThroughNxdomainToTheNextCluster() {
        neu.answers(q -> negative(q, Rcode.NXDOMAIN));
        old.answers(q -> positive(q, "10.96.0.21"));
        Message answer = ask("a.default.svc.cluster.local.", Type.A);
        assertThat(answer.getSection(Section.ANSWER)).hasSize(1);
        assertThat(neu.asked).hasSize(1);
        assertThat(old.asked).hasSize(1);
    }

    @Test
    void theFirstPositiveAnswerWinsAndLaterClustersAreNotAsked() {
        neu.answers(q -> positive(q, "10.254.0.20"));
        old.answers(q -> positive(q, "10.96.0.20"));
        assertThat(((ARecord) ask("b.default.svc.cluster.local.", Type.A).getSection(Section.ANSWER).get(0))
                .getAddress().getHostAddress()).isEqualTo("10.254.0.20");
        assertThat(old.asked).isEmpty();
    }

    @Test
    void nodataFromAClusterThatHasTheNameIsTheAnswerAndLaterClustersAreNotAsked() {
        neu.answers(q -> negative(q, Rcode.NOERROR));
        old.answers(q -> positive(q, "10.96.0.22"));
        Message answer = ask("c.default.svc.cluster.local.", Type.A);
        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getSection(Section.ANSWER)).as("old's record must not stand in for new's NODATA").isEmpty();
        assertThat(old.asked).isEmpty();

        neu.answers(q -> negative(q, Rcode.NXDOMAIN));
        old.answers(q -> negative(q, Rcode.NOERROR));
        assertThat(ask("d.default.svc.cluster.local.", Type.AAAA).getRcode()).isEqualTo(Rcode.NOERROR);

        neu.answers(q -> negative(q, Rcode.NXDOMAIN));
        old.answers(q -> negative(q, Rcode.NXDOMAIN));
        assertThat(ask("e.default.svc.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void aDownClusterEndsTheWalkWithServfailEvenWhenALaterClusterHasTheName() {
        neu.answers(q -> null);
        old.answers(q -> negative(q, Rcode.NXDOMAIN));
        assertThat(ask("f.default.svc.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);

        old.answers(q -> positive(q, "10.96.0.23"));
        Message answer = ask("g.default.svc.cluster.local.", Type.A);
        assertThat(answer.getRcode()).as("new may hold g under another address").isEqualTo(Rcode.SERVFAIL);
        assertThat(answer.getSection(Section.ANSWER)).isEmpty();
        assertThat(old.asked).isEmpty();
    }

    @Test
    void aTruncatedAnswerSettlesNothing() {
        neu.answers(q -> {
            Message truncated = negative(q, Rcode.NOERROR);
            truncated.getHeader().setFlag(Flags.TC);
            return truncated;
        });
        old.answers(q -> negative(q, Rcode.NXDOMAIN));
        assertThat(ask("h.default.svc.cluster.local.", Type.A).getRcode())
                .as("new could not say, so old's NXDOMAIN is not the truth").isEqualTo(Rcode.SERVFAIL);

        old.answers(q -> positive(q, "10.96.0.24"));
        assertThat(ask("i.default.svc.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    }

    @Test
    void anAliasAsksOnlyItsClusterUnderTheDomain() {
        old.answers(q -> positive(q, "10.96.0.20"));
        Message answer = ask("Web.Default.SVC.Old.Cluster.Local.", Type.A);
        assertThat(old.asked).singleElement().isEqualTo("Web.Default.SVC.cluster.local.");
        assertThat(neu.asked).isEmpty();
        assertThat(answer.getSection(Section.ANSWER).get(0).getName().toString())
                .isEqualTo("Web.Default.SVC.Old.Cluster.Local.");
    }

    @Test
    void reverseAndExternalNamesGoToTheirPools() throws Exception {
        old.answers(q -> negative(q, Rcode.NXDOMAIN));
        upstream.answers(q -> positive(q, "192.0.2.1"));
        Query reverse = query("7.1.200.10.in-addr.arpa.", Type.PTR);
        router.handle(reverse).join();
        assertThat(reverse.route()).isEqualTo("reverse:old");
        assertThat(old.asked).hasSize(1);
        Query external = query("www.example.com.", Type.A);
        router.handle(external).join();
        assertThat(external.route()).isEqualTo("upstream");
        assertThat(upstream.asked).hasSize(1);
    }

    private Message ask(String name, int type) {
        return router.handle(query(name, type)).join();
    }

    private static Query query(String name, int type) {
        Query query = Query.of(Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN)),
                CLIENT, Transport.UDP, System.nanoTime());
        query.deadlineNanos(System.nanoTime() + 1_000_000_000L);
        return query;
    }

    private static ClusterDns cluster(String name, int priority, String cidr) {
        return new ClusterDns(name, Name.fromConstantString("cluster.local."),
                Name.fromConstantString(name + ".cluster.local."), priority,
                List.of(new InetSocketAddress("127.0.0.1", 53)), List.of(cidr));
    }

    static Message positive(Message query, String address) {
        Message answer = negative(query, Rcode.NOERROR);
        try {
            answer.addRecord(new ARecord(query.getQuestion().getName(), DClass.IN, 30, InetAddress.getByName(address)),
                    Section.ANSWER);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return answer;
    }

    static Message negative(Message query, int rcode) {
        Message answer = new Message(query.getHeader().getID());
        answer.getHeader().setFlag(Flags.QR);
        answer.getHeader().setRcode(rcode);
        answer.addRecord(query.getQuestion(), Section.QUESTION);
        return answer;
    }

    /** A pool that answers from a script; null from the script means every upstream is down. */
    static final class FakePool implements UpstreamPool {
        private final String name;
        final List<String> asked = Collections.synchronizedList(new ArrayList<>());
        private volatile Function<Message, Message> script = q -> null;

        FakePool(String name) {
            this.name = name;
        }

        void answers(Function<Message, Message> script) {
            this.script = script;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<InetSocketAddress> servers() {
            return List.of();
        }

        @Override
        public CompletableFuture<Message> query(Message query, long deadlineNanos) {
            asked.add(query.getQuestion().getName().toString());
            Message answer = script.apply(query);
            return answer == null
                    ? CompletableFuture.failedFuture(new UpstreamUnavailableException(name + ": all upstreams down"))
                    : CompletableFuture.completedFuture(answer);
        }

        @Override
        public List<UpstreamStatus> status() {
            return List.of();
        }

        @Override
        public CompletableFuture<Void> checkQuiet(Duration quietFor, Duration timeout) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {}
    }
}
