package io.clustergateway.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.testkit.Dnsmasq;
import io.clustergateway.testkit.Requirements;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The whole server against real dnsmasq processes standing in for two clusters' CoreDNS ("old" and "new", both
 * cluster.local, new asked first) and an office resolver, asked by dnsjava and by the real dig.
 */
class SplitHorizonTest {
    private static Dnsmasq oldDns;
    private static Dnsmasq newDns;
    private static Dnsmasq upstream;
    private static InetSocketAddress deadUpstream;
    private static DnsServer server;
    private static InetSocketAddress address;

    @BeforeAll
    static void start() throws Exception {
        Requirements.requireDnsmasq();
        oldDns = Dnsmasq.builder("127.0.0.41").authoritativeFor("cluster.local").logQueries()
                .host("web.default.svc.cluster.local", "10.96.0.20")
                .host("only-old.default.svc.cluster.local", "10.96.0.21")
                .host("alias-only.default.svc.cluster.local", "10.96.0.22")
                .txt("txt-only.default.svc.cluster.local", "old")
                .option("--host-record=dual.default.svc.cluster.local,10.96.0.24,fd00::24")
                .srv("_http._tcp.web.default.svc.cluster.local", "web.default.svc.cluster.local", 80)
                .ptr("7.1.200.10.in-addr.arpa", "pod-7.default.pod.cluster.local")
                .start();
        newDns = Dnsmasq.builder("127.0.0.42").authoritativeFor("cluster.local").logQueries()
                .host("web.default.svc.cluster.local", "10.254.0.20")
                .host("only-new.default.svc.cluster.local", "10.254.0.21")
                .host("txt-only.default.svc.cluster.local", "10.254.0.23")
                .host("dual.default.svc.cluster.local", "10.254.0.24")
                .ptr("7.1.200.10.in-addr.arpa", "wrong.new.cluster.local")
                .start();
        Dnsmasq.Builder office = Dnsmasq.builder("127.0.0.43").authoritativeFor("example.com").logQueries()
                .host("www.example.com", "192.0.2.80")
                .host("explain.example.com", "192.0.2.81");
        for (int i = 0; i < 8; i++) {
            office.txt("big.example.com", "record-" + i + "-" + "x".repeat(90));
        }
        upstream = office.start();
        deadUpstream = new InetSocketAddress("127.0.0.44", Dnsmasq.freePort("127.0.0.44"));
        server = DnsServer.start(settings(Duration.ofMillis(1500)), routes(true), DnsListener.NOOP);
        address = server.boundAddresses().get(0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        for (Dnsmasq dnsmasq : new Dnsmasq[] {oldDns, newDns, upstream}) {
            if (dnsmasq != null) {
                dnsmasq.close();
            }
        }
    }

    static DnsServerSettings settings(Duration timeout) {
        return new DnsServerSettings(List.of(new InetSocketAddress("127.0.0.1", 0)), timeout,
                CacheSettings.defaults(), 0, 2);
    }

    static DnsRoutes routes(boolean withNew) {
        ClusterDns old = new ClusterDns("old", name("cluster.local."), name("old.cluster.local."), 20,
                List.of(oldDns.address()), List.of("10.200.0.0/16", "10.96.0.0/12"));
        ClusterDns neu = new ClusterDns("new", name("cluster.local."), name("new.cluster.local."), 10,
                List.of(newDns.address()), List.of("10.100.0.0/16", "10.254.0.0/16"));
        return new DnsRoutes(withNew ? List.of(old, neu) : List.of(old), List.of(deadUpstream, upstream.address()),
                List.of());
    }

    @Test
    void boundToARealPortAndServing() {
        assertThat(address.getPort()).isPositive();
        assertThat(server.isServing()).isTrue();
    }

    @Test
    void aNameOnlyInTheSecondClusterResolvesByFallingThrough() throws Exception {
        Message answer = send(query("only-old.default.svc.cluster.local.", Type.A), false);
        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(addresses(answer)).containsExactly("10.96.0.21");

        Dig dig = Dig.ask(address, "only-old.default.svc.cluster.local", "A");
        assertThat(dig.status()).isEqualTo("NOERROR");
        assertThat(dig.data()).containsExactly("10.96.0.21");
    }

    @Test
    void aNameInBothClustersAnswersFromTheFirst() throws Exception {
        assertThat(addresses(send(query("web.default.svc.cluster.local.", Type.A), false)))
                .containsExactly("10.254.0.20");
        assertThat(Dig.ask(address, "web.default.svc.cluster.local", "A").data()).containsExactly("10.254.0.20");
    }

    @Test
    void nodataFromTheFirstClusterIsTheAnswerNotTheOtherClustersRecords() throws Exception {
        // new has dual with an A only; old has dual with A and AAAA: a client must not get new's A and old's AAAA
        assertThat(addresses(send(query("dual.default.svc.cluster.local.", Type.A), false)))
                .containsExactly("10.254.0.24");
        Message aaaa = send(query("dual.default.svc.cluster.local.", Type.AAAA), false);
        assertThat(aaaa.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(aaaa.getSection(Section.ANSWER)).isEmpty();
        Dig dig = Dig.ask(address, "dual.default.svc.cluster.local", "AAAA");
        assertThat(dig.status()).isEqualTo("NOERROR");
        assertThat(dig.answers()).isEmpty();
        // new has txt-only (an A), old has its TXT: new's NODATA is the answer
        Message txt = send(query("txt-only.default.svc.cluster.local.", Type.TXT), false);
        assertThat(txt.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(txt.getSection(Section.ANSWER)).isEmpty();
        // new has only-new (so AAAA is NODATA), old has nothing (NXDOMAIN): NODATA is the answer
        Message onlyNew = send(query("only-new.default.svc.cluster.local.", Type.AAAA), false);
        assertThat(onlyNew.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(onlyNew.getSection(Section.ANSWER)).isEmpty();
        assertThat(Dig.ask(address, "nowhere.default.svc.cluster.local", "A").status()).isEqualTo("NXDOMAIN");
    }

    @Test
    void anAliasReachesOnlyItsClusterAndAnswersInTheClientsCase() throws Exception {
        Message answer = send(query("Alias-Only.Default.SVC.Old.Cluster.Local.", Type.A), false);
        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        Record record = answer.getSection(Section.ANSWER).get(0);
        assertThat(record.getName().toString()).isEqualTo("Alias-Only.Default.SVC.Old.Cluster.Local.");
        assertThat(((ARecord) record).getAddress().getHostAddress()).isEqualTo("10.96.0.22");
        assertThat(newDns.log()).doesNotContain("alias-only");

        Dig dig = Dig.ask(address, "WeB.default.svc.OLD.cluster.local", "A");
        assertThat(dig.answers()).singleElement().asString()
                .startsWith("WeB.default.svc.OLD.cluster.local.").endsWith("A 10.96.0.20");
    }

    @Test
    void anSrvTargetComesBackUnderTheAlias() throws Exception {
        Message answer = send(query("_http._tcp.web.default.svc.old.cluster.local.", Type.SRV), false);
        SRVRecord srv = (SRVRecord) answer.getSection(Section.ANSWER).get(0);
        assertThat(srv.getTarget()).hasToString("web.default.svc.old.cluster.local.");
        assertThat(srv.getPort()).isEqualTo(80);
        assertThat(Dig.ask(address, "_http._tcp.web.default.svc.old.cluster.local", "SRV").data())
                .containsExactly("0 0 80 web.default.svc.old.cluster.local.");
    }

    @Test
    void aPtrForAPodOfOldIsAnsweredByOld() throws Exception {
        Message answer = send(query("7.1.200.10.in-addr.arpa.", Type.PTR), false);
        // old and new share cluster.local: the plain name could resolve to new's pod, so old's alias names it
        assertThat(((PTRRecord) answer.getSection(Section.ANSWER).get(0)).getTarget())
                .hasToString("pod-7.default.pod.old.cluster.local.");
        assertThat(Dig.ask(address, "-x", "10.200.1.7").data()).containsExactly("pod-7.default.pod.old.cluster.local.");
    }

    @Test
    void externalNamesGoUpstreamAndADeadUpstreamIsFailedOver() throws Exception {
        for (int i = 0; i < 6; i++) {
            Message answer = send(query("www.example.com.", Type.A), false);
            assertThat(addresses(answer)).containsExactly("192.0.2.80");
            server.purge("none", name("www.example.com.")); // harmless: nothing cached under a cluster "none"
        }
        assertThat(Dig.ask(address, "www.example.com", "A").data()).containsExactly("192.0.2.80");
        assertThat(server.upstreamStatus()).extracting(UpstreamStatus::pool)
                .contains("upstream", "cluster:old", "cluster:new");
    }

    @Test
    void aBigAnswerIsTruncatedOverUdpWithoutEdnsAndWholeOverTcp() throws Exception {
        Dig udp = Dig.ask(address, "big.example.com", "TXT", "+noedns", "+ignore");
        assertThat(udp.flags()).contains("tc");
        assertThat(udp.answers()).isEmpty();

        Dig tcp = Dig.ask(address, "big.example.com", "TXT", "+tcp");
        assertThat(tcp.flags()).doesNotContain("tc");
        assertThat(tcp.answers()).hasSize(8);

        Message overTcp = send(query("big.example.com.", Type.TXT), true);
        assertThat(overTcp.getSection(Section.ANSWER)).hasSize(8);
    }

    @Test
    void explainShowsTheRouteThePoolsAskedAndWhoAnswered() throws Exception {
        Explanation explanation = server.explain("only-old.default.svc.cluster.local", Type.A).get();
        assertThat(explanation.route()).isEqualTo("shared:cluster.local");
        assertThat(explanation.tried()).containsExactly("cluster:new", "cluster:old");
        assertThat(explanation.rcode()).isEqualTo("NOERROR");
        assertThat(explanation.answers()).singleElement().asString().endsWith("10.96.0.21");
        assertThat(explanation.answeredBy()).isPresent();

        Explanation alias = server.explain("web.default.svc.old.cluster.local.", Type.A).get();
        assertThat(alias.route()).isEqualTo("alias:old");
        assertThat(alias.tried()).containsExactly("cluster:old");

        Explanation external = server.explain("explain.example.com", Type.A).get();
        assertThat(external.route()).isEqualTo("upstream");
        assertThat(external.answeredBy()).contains("upstream@" + upstream.hostPort());
        assertThat(external.answers()).singleElement().asString().endsWith("192.0.2.81");
        assertThat(server.explain("explain.example.com", Type.A).get().answeredBy()).contains("cache");
    }

    @Test
    void explainTakesAnAddressForItsPtrAndCanSkipTheCache() throws Exception {
        Explanation ptr = server.explain("10.200.1.7", Type.PTR, false).get();
        assertThat(ptr.name()).isEqualTo("7.1.200.10.in-addr.arpa.");
        assertThat(ptr.route()).isEqualTo("reverse:old");
        assertThat(ptr.answers()).singleElement().asString().endsWith("pod-7.default.pod.old.cluster.local.");

        server.explain("only-new.default.svc.new.cluster.local", Type.A).get();
        assertThat(server.explain("only-new.default.svc.new.cluster.local", Type.A, false).get().answeredBy())
                .contains("cache");
        Explanation fresh = server.explain("only-new.default.svc.new.cluster.local", Type.A, true).get();
        assertThat(fresh.answeredBy()).contains("cluster:new@" + newDns.hostPort());
        assertThat(fresh.answers()).singleElement().asString().endsWith("10.254.0.21");
    }

    @Test
    void countersTellQueriesByRouteAndRcode() throws Exception {
        send(query("web.default.svc.old.cluster.local.", Type.A), false);
        send(query("web.default.svc.old.cluster.local.", Type.A), false);
        DnsCounters counters = server.counters();
        assertThat(counters.queriesByRouteAndRcode().get("alias:old").get("NOERROR")).isGreaterThanOrEqualTo(2);
        assertThat(counters.cacheHits()).isPositive();
    }

    @Test
    void garbageDoesNotStopTheServer() throws Exception {
        Random random = new Random(7);
        try (DatagramSocket socket = new DatagramSocket()) {
            for (int i = 0; i < 2000; i++) {
                byte[] junk = garbage(random, i);
                socket.send(new DatagramPacket(junk, junk.length, address));
            }
            byte[] broken = {0x43, 0x21, 0x01, 0x00, 0x00, 0x01, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00,
                    3, 'w', 'w', 'w', 0, 0, 1, 0, 1, (byte) 0xc0, 12};
            socket.send(new DatagramPacket(broken, broken.length, address));
            socket.setSoTimeout(3000);
            byte[] buffer = new byte[4096];
            Message formerr = null;
            while (formerr == null) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Message reply = new Message(java.util.Arrays.copyOf(buffer, packet.getLength()));
                if (reply.getHeader().getID() == 0x4321) {
                    formerr = reply;
                }
            }
            assertThat(formerr.getRcode()).isEqualTo(Rcode.FORMERR);
            assertThat(formerr.getQuestion().getName()).hasToString("www.");
        }
        for (int i = 0; i < 5; i++) {
            try (Socket tcp = new Socket()) {
                tcp.connect(address, 2000);
                DataOutputStream out = new DataOutputStream(tcp.getOutputStream());
                byte[] junk = garbage(random, i);
                out.writeShort(i == 4 ? 65535 : junk.length); // the last one promises more than it sends
                out.write(junk);
                out.flush();
            }
        }
        assertThat(addresses(send(query("www.example.com.", Type.A), false))).containsExactly("192.0.2.80");
        assertThat(Dig.ask(address, "web.default.svc.cluster.local", "A").data()).containsExactly("10.254.0.20");
    }

    @Test
    void clustersAddedAtRunTimeResolveWithoutARestart() throws Exception {
        try (DnsServer fresh = DnsServer.start(settings(Duration.ofMillis(1500)), routes(false), DnsListener.NOOP)) {
            SimpleResolver resolver = resolver(fresh.boundAddresses().get(0), false);
            assertThat(resolver.send(query("only-new.default.svc.cluster.local.", Type.A)).getRcode())
                    .isEqualTo(Rcode.NXDOMAIN);
            fresh.replaceRoutes(routes(true));
            assertThat(fresh.routes().clusters()).hasSize(2);
            Message answer = resolver.send(query("only-new.default.svc.new.cluster.local.", Type.A));
            assertThat(addresses(answer)).containsExactly("10.254.0.21");
        }
    }

    /** Random bytes, truncated headers, bogus counts, huge label lengths and compression loops. */
    private static byte[] garbage(Random random, int i) {
        byte[] junk;
        switch (i % 5) {
            case 0 -> {
                junk = new byte[random.nextInt(600)];
                random.nextBytes(junk);
            }
            case 1 -> {
                junk = new byte[random.nextInt(12)];
                random.nextBytes(junk);
            }
            case 2 -> junk = new byte[] {1, 2, 1, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                    0, 0, 0, 0, 1, 'a', 0, 0, 1, 0, 1};
            case 3 -> junk = new byte[] {1, 3, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 63, 'a', 'b', 'c'};
            default -> junk = new byte[] {1, 4, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 12, 0, 1, 0, 1};
        }
        if (junk.length > 2 && i % 2 == 0) {
            junk[2] &= 0x7f; // mostly queries, not responses, so that they reach the parser
        }
        return junk;
    }

    private static Message send(Message query, boolean tcp) throws Exception {
        return resolver(address, tcp).send(query);
    }

    private static SimpleResolver resolver(InetSocketAddress server, boolean tcp) {
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(3));
        return resolver;
    }

    static Message query(String name, int type) {
        return Message.newQuery(Record.newRecord(name(name), type, DClass.IN));
    }

    static List<String> addresses(Message answer) {
        return answer.getSection(Section.ANSWER).stream()
                .filter(ARecord.class::isInstance)
                .map(r -> ((ARecord) r).getAddress().getHostAddress())
                .toList();
    }

    static Name name(String text) {
        return Name.fromConstantString(text);
    }
}
