package io.clustergateway.dns;


import io.clustergateway.testkit.Dnsmasq;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The facade's lifecycle and bookkeeping, against a scripted upstream on loopback. */
class DnsServerTest {
    private static final Name OLD_NAME = Name.fromConstantString("web.default.svc.old.cluster.local.");

    @Test
    void aPortInUseFailsTheStartNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> DnsServer.start(settings(List.of(new InetSocketAddress("127.0.0.1", port)), 0),
                    routes(List.of(), List.of()), DnsListener.NOOP))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("127.0.0.1:" + port);
        }
    }

    @Test
    void servesOnEveryListenAddressAndStopsOnClose() throws Exception {
        DnsServer server = DnsServer.start(settings(List.of(new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.2", 0)), 0), routes(List.of(), List.of()), DnsListener.NOOP);
        assertThat(server.boundAddresses()).hasSize(2).allSatisfy(a -> assertThat(a.getPort()).isPositive());
        assertThat(server.boundAddresses()).extracting(a -> a.getAddress().getHostAddress())
                .containsExactly("127.0.0.1", "127.0.0.2");
        for (InetSocketAddress address : server.boundAddresses()) {
            // no upstreams configured: an honest SERVFAIL, at once
            assertThat(resolver(address).send(query("www.example.com.")).getRcode()).isEqualTo(Rcode.SERVFAIL);
        }
        assertThat(server.isServing()).isTrue();
        server.close();
        assertThat(server.isServing()).isFalse();
    }

    @Test
    void listenerAndCountersSeeEveryAnsweredQuery() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        DnsListener listener = new DnsListener() {
            @Override
            public void onQuery(String route, int rcode, long nanos) {
                seen.add(route + " " + Rcode.string(rcode));
            }
        };
        try (FakeUpstream upstream = new FakeUpstream("127.0.0.1");
             DnsServer server = DnsServer.start(settings(List.of(new InetSocketAddress("127.0.0.1", 0)), 0),
                     routes(List.of(upstream.address()), List.of(upstream.address())), listener)) {
            SimpleResolver resolver = resolver(server.boundAddresses().get(0));
            resolver.send(query("www.example.com."));
            resolver.send(query("www.example.com."));
            Message notify = query("www.example.com.");
            notify.getHeader().setOpcode(Opcode.NOTIFY);
            assertThat(resolver.send(notify).getRcode()).isEqualTo(Rcode.NOTIMP);
            await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                    assertThat(seen).contains("upstream NOERROR", "admission NOTIMP"));
            DnsCounters counters = server.counters();
            assertThat(counters.queriesByRouteAndRcode().get("upstream")).containsEntry("NOERROR", 2L);
            assertThat(counters.cacheMisses()).isEqualTo(1);
            assertThat(counters.cacheHits()).isEqualTo(1);
        }
    }

    @Test
    void purgeDropsWhatAClusterAnsweredSoTheNextQueryAsksAgain() throws Exception {
        try (FakeUpstream cluster = new FakeUpstream("127.0.0.1");
             DnsServer server = DnsServer.start(settings(List.of(new InetSocketAddress("127.0.0.1", 0)), 0),
                     routes(List.of(), List.of(cluster.address())), DnsListener.NOOP)) {
            SimpleResolver resolver = resolver(server.boundAddresses().get(0));
            resolver.send(query(OLD_NAME.toString()));
            resolver.send(query(OLD_NAME.toString()));
            assertThat(cluster.asked()).containsExactly("web.default.svc.cluster.local.");

            assertThat(server.purge("new", OLD_NAME)).isZero();
            assertThat(server.purge("old", Name.fromConstantString("WEB.default.svc.old.cluster.local."))).isEqualTo(1);
            Message again = resolver.send(query(OLD_NAME.toString()));
            assertThat(((ARecord) again.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress())
                    .isEqualTo("192.0.2.7");
            assertThat(cluster.asked()).hasSize(2);
        }
    }

    @Test
    void aRemovedClusterLosesItsRouteAndPoolAndAClosedServerTakesNoRoutes() throws Exception {
        try (FakeUpstream cluster = new FakeUpstream("127.0.0.1");
             FakeUpstream upstream = new FakeUpstream("127.0.0.1")) {
            DnsServer server = DnsServer.start(settings(List.of(new InetSocketAddress("127.0.0.1", 0)), 0),
                    routes(List.of(upstream.address()), List.of(cluster.address())), DnsListener.NOOP);
            assertThat(server.upstreamStatus()).extracting(UpstreamStatus::pool).contains("cluster:old");

            server.replaceRoutes(routes(List.of(upstream.address()), List.of()));
            assertThat(server.upstreamStatus()).extracting(UpstreamStatus::pool).containsOnly("upstream");
            resolver(server.boundAddresses().get(0)).send(query(OLD_NAME.toString()));
            assertThat(upstream.asked()).containsExactly(OLD_NAME.toString());
            assertThat(cluster.asked()).isEmpty();

            server.close();
            assertThatThrownBy(() -> server.replaceRoutes(routes(List.of(), List.of())))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void overItsRateAClientIsRefused() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream("127.0.0.1");
             DnsServer server = DnsServer.start(settings(List.of(new InetSocketAddress("127.0.0.1", 0)), 3),
                     routes(List.of(upstream.address()), List.of()), DnsListener.NOOP)) {
            int refused = refusedOfTen(server, i -> "r" + i + ".example.");
            // 3 tokens, refilled at 3/s while the loop runs: most of the 10 are refused
            assertThat(refused).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void closeLetsAQueryInFlightFinish() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream("127.0.0.1")) {
            DnsServer server = DnsServer.start(settings(List.of(new InetSocketAddress("127.0.0.1", 0)), 0),
                    routes(List.of(upstream.address()), List.of()), DnsListener.NOOP);
            upstream.hold();
            CompletableFuture<Message> answer = resolver(server.boundAddresses().get(0))
                    .sendAsync(query("slow.example.")).toCompletableFuture();
            await().atMost(Duration.ofSeconds(2)).until(() -> upstream.asked().contains("slow.example."));
            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
            await().atMost(Duration.ofSeconds(1)).until(() -> !server.isServing());
            upstream.release();
            assertThat(answer.get().getRcode()).isEqualTo(Rcode.NOERROR);
            closing.get();
        }
    }

    @Test
    void aCheckFindsADeadClusterDnsThatNoClientAskedAndLeavesTheUpstreamsAlone() throws Exception {
        InetSocketAddress dead = new InetSocketAddress("127.0.0.71", Dnsmasq.freePort("127.0.0.71"));
        InetSocketAddress deadUpstream = new InetSocketAddress("127.0.0.72", Dnsmasq.freePort("127.0.0.72"));
        try (FakeUpstream live = new FakeUpstream("127.0.0.1");
             DnsServer server = DnsServer.start(settings(List.of(new InetSocketAddress("127.0.0.1", 0)), 0),
                     routes(List.of(deadUpstream), List.of(dead, live.address())), DnsListener.NOOP)) {
            assertThat(server.upstreamStatus()).allMatch(UpstreamStatus::healthy);

            // three checks in a row: more failures than the pool's threshold (2), no client query at all
            for (int i = 0; i < 3; i++) {
                server.checkClusterDns(Duration.ZERO, Duration.ofMillis(300)).get(5, TimeUnit.SECONDS);
            }

            List<UpstreamStatus> status = server.upstreamStatus();
            assertThat(status).filteredOn(s -> s.address().equals(dead)).singleElement()
                    .satisfies(s -> assertThat(s.healthy()).isFalse());
            assertThat(status).filteredOn(s -> s.address().equals(live.address())).singleElement()
                    .satisfies(s -> {
                        assertThat(s.healthy()).isTrue();
                        assertThat(s.lastRtt()).as("the live server answered a check").isPresent();
                    });
            assertThat(status).filteredOn(s -> s.address().equals(deadUpstream)).singleElement()
                    .satisfies(s -> assertThat(s.consecutiveFailures()).as("upstreams are not checked").isZero());
        }
    }

    @Test
    void aCachedAnswerComesBackWithTheClientsIdSpellingAndEdns() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream("127.0.0.1");
             DnsServer server = DnsServer.start(settings(List.of(new InetSocketAddress("127.0.0.1", 0)), 0),
                     routes(List.of(upstream.address()), List.of()), DnsListener.NOOP)) {
            SimpleResolver resolver = resolver(server.boundAddresses().get(0));
            Message first = resolver.send(query("cached.example."));

            Message shouted = query("CACHED.Example.");
            shouted.addRecord(new org.xbill.DNS.OPTRecord(4096, 0, 0), Section.ADDITIONAL);
            Message again = resolver.send(shouted);
            Message plain = query("cached.example.");
            Message withoutEdns = new SimpleResolver(server.boundAddresses().get(0)) {{
                setEDNS(-1);
                setTimeout(Duration.ofSeconds(3));
            }}.send(plain);

            assertThat(upstream.asked()).containsExactly("cached.example.");
            assertThat(again.getHeader().getID()).isEqualTo(shouted.getHeader().getID());
            assertThat(again.getQuestion().getName()).hasToString("CACHED.Example.");
            assertThat(again.getSection(Section.ANSWER)).singleElement()
                    .satisfies(rr -> assertThat(rr.getName()).hasToString("CACHED.Example."));
            assertThat(again.getOPT().getPayloadSize()).isEqualTo(1232);
            assertThat(again.getOPT().getFlags() & org.xbill.DNS.ExtendedFlags.DO).isZero();
            assertThat(again.getHeader().getFlag(org.xbill.DNS.Flags.RA)).isTrue();
            assertThat(withoutEdns.getOPT()).isNull();
            assertThat(withoutEdns.getSection(Section.ANSWER)).hasSize(1);
            assertThat(first.getSection(Section.ANSWER)).hasSize(1);
            assertThat(server.counters().cacheHits()).isEqualTo(2);
            assertThat(server.counters().queriesByRouteAndRcode().get("upstream")).containsEntry("NOERROR", 3L);
        }
    }

    @Test
    void cachedAnswersCountAgainstTheRateToo() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream("127.0.0.1");
             DnsServer server = DnsServer.start(settings(List.of(new InetSocketAddress("127.0.0.1", 0)), 3),
                     routes(List.of(upstream.address()), List.of()), DnsListener.NOOP)) {
            int refused = refusedOfTen(server, i -> "same.example.");
            assertThat(refused).isGreaterThanOrEqualTo(5);
            assertThat(upstream.asked()).containsExactly("same.example.");
        }
    }

    /** Sends ten queries back to back from one client and counts the REFUSED answers. */
    private static int refusedOfTen(DnsServer server, java.util.function.IntFunction<String> name) throws Exception {
        SimpleResolver resolver = resolver(server.boundAddresses().get(0));
        int refused = 0;
        for (int i = 0; i < 10; i++) {
            if (resolver.send(query(name.apply(i))).getRcode() == Rcode.REFUSED) {
                refused++;
            }
        }
        return refused;
    }

    @Test
    void aZoneTransferIsRefusedAndNeverForwarded() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream("127.0.0.1");
             DnsServer server = DnsServer.start(settings(List.of(new InetSocketAddress("127.0.0.1", 0)), 0),
                     routes(List.of(upstream.address()), List.of(upstream.address())), DnsListener.NOOP)) {
            for (String zone : List.of("cluster.local.", "old.cluster.local.", "example.com.")) {
                Message axfr = Message.newQuery(Record.newRecord(Name.fromConstantString(zone), Type.AXFR, DClass.IN));
                assertThat(overTcp(server.boundAddresses().get(0), axfr).getRcode()).as(zone)
                        .isEqualTo(Rcode.REFUSED);
            }
            assertThat(upstream.asked()).isEmpty();
        }
    }

    private static DnsServerSettings settings(List<InetSocketAddress> listen, int rateLimit) {
        return new DnsServerSettings(listen, Duration.ofMillis(1500), CacheSettings.defaults(), rateLimit, 1);
    }

    private static DnsRoutes routes(List<InetSocketAddress> upstreams, List<InetSocketAddress> oldServers) {
        List<ClusterDns> clusters = oldServers.isEmpty() ? List.of() : List.of(new ClusterDns("old",
                Name.fromConstantString("cluster.local."), Name.fromConstantString("old.cluster.local."), 10,
                oldServers, List.of()));
        return new DnsRoutes(clusters, upstreams, List.of());
    }

    /** One query over TCP as a zone-transfer client sends it (dnsjava's resolver would start its own AXFR). */
    private static Message overTcp(InetSocketAddress address, Message query) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(address, 3000);
            socket.setSoTimeout(3000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            byte[] wire = query.toWire();
            out.writeShort(wire.length);
            out.write(wire);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] answer = new byte[in.readUnsignedShort()];
            in.readFully(answer);
            return new Message(answer);
        }
    }

    private static SimpleResolver resolver(InetSocketAddress address) {
        SimpleResolver resolver = new SimpleResolver(address);
        resolver.setTimeout(Duration.ofSeconds(3));
        return resolver;
    }

    private static Message query(String name) {
        return Message.newQuery(Record.newRecord(Name.fromConstantString(name), Type.A, DClass.IN));
    }
}
