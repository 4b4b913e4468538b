package io.clustergateway.dns.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustergateway.dns.DnsListener;
import io.clustergateway.dns.UpstreamStatus;
import io.clustergateway.testkit.Dnsmasq;
import io.clustergateway.testkit.Requirements;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** The pool against real dnsmasq servers (and a dead port, a silent socket, a lying one) on loopback. */
class UpstreamPoolTest {
    private static final ForwardSettings FAST = ForwardSettings.defaults()
            .withProbeInterval(Duration.ofMillis(100))
            .withPerTryTimeout(Duration.ofMillis(300));
    private static final String LONG_TEXT = "x".repeat(250);

    private static EventLoopGroup group;

    @BeforeAll
    static void startEventLoop() throws Exception {
        group = Epoll.isAvailable() ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        // Loads Netty's channel classes once, so timing assertions measure the pool and not the class loader.
        InetSocketAddress nobody = new InetSocketAddress("127.0.0.67", Dnsmasq.freePort("127.0.0.67"));
        try (UpstreamPool warmUp = UpstreamPools.create("warm-up", List.of(nobody), FAST, group, DnsListener.NOOP)) {
            warmUp.query(query("warm.up.", Type.A, 1), deadlineIn(Duration.ofSeconds(2))).handle((a, e) -> a).join();
        }
    }

    @AfterAll
    static void stopEventLoop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static Message query(String name, int type, int id) throws Exception {
        Message query = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        query.getHeader().setID(id);
        return query;
    }

    private static long deadlineIn(Duration duration) {
        return System.nanoTime() + duration.toNanos();
    }

    private static Message ask(UpstreamPool pool, Message query) throws Exception {
        return pool.query(query, deadlineIn(Duration.ofSeconds(2))).get(3, TimeUnit.SECONDS);
    }

    private static String address(Message answer) {
        return ((ARecord) answer.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
    }

    private static UpstreamStatus statusOf(UpstreamPool pool, InetSocketAddress address) {
        return pool.status().stream().filter(s -> s.address().equals(address)).findFirst().orElseThrow();
    }

    @Test
    void answersFromALiveUpstreamWithTheClientsId() throws Exception {
        Requirements.requireDnsmasq();
        List<Boolean> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
        DnsListener listener = new DnsListener() {
            @Override
            public void onUpstream(String pool, InetSocketAddress upstream, long nanos, boolean ok) {
                reported.add(ok && pool.equals("cluster:old"));
            }
        };
        try (Dnsmasq dnsmasq = Dnsmasq.builder("127.0.0.60").host("web.default.svc.cluster.local", "10.96.0.20").start();
             UpstreamPool pool = UpstreamPools.create("cluster:old", List.of(dnsmasq.address()), FAST, group, listener)) {

            Message answer = ask(pool, query("web.default.svc.cluster.local.", Type.A, 777));

            assertThat(answer.getHeader().getID()).isEqualTo(777);
            assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(address(answer)).isEqualTo("10.96.0.20");
            assertThat(reported).containsExactly(true);
            assertThat(statusOf(pool, dnsmasq.address()))
                    .satisfies(s -> assertThat(s.healthy()).isTrue())
                    .satisfies(s -> assertThat(s.lastRtt()).isPresent());
        }
    }

    @Test
    void aQueryFromOneOfThePoolsOwnEventLoopsNeverBlocksIt() throws Exception {
        Requirements.requireDnsmasq();
        try (Dnsmasq dnsmasq = Dnsmasq.builder("127.0.0.60").host("loop.example.test", "10.2.2.2").start();
             UpstreamPool pool = UpstreamPools.create("upstream", List.of(dnsmasq.address()), FAST, group,
                     DnsListener.NOOP)) {
            CompletableFuture<Message> answer = group.next()
                    .submit(() -> pool.query(query("loop.example.test.", Type.A, 3), deadlineIn(Duration.ofSeconds(2))))
                    .get(1, TimeUnit.SECONDS);

            assertThat(address(answer.get(3, TimeUnit.SECONDS))).isEqualTo("10.2.2.2");
        }
    }

    @Test
    void forwardsToAnIpv6Upstream() throws Exception {
        Requirements.requireDnsmasq();
        Requirements.require(ipv6Loopback(), "no IPv6 loopback (::1) on this machine");
        try (Dnsmasq dnsmasq = Dnsmasq.builder("::1").host("v6.example.test", "10.0.0.6").start();
             UpstreamPool pool = UpstreamPools.create("upstream", List.of(dnsmasq.address()), FAST, group,
                     DnsListener.NOOP)) {
            assertThat(address(ask(pool, query("v6.example.test.", Type.A, 6)))).isEqualTo("10.0.0.6");
            assertThat(pool.status().get(0).lastRtt()).isPresent();
        }
    }

    private static boolean ipv6Loopback() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("::1", 0))) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void worksOnANioEventLoopToo() throws Exception {
        Requirements.requireDnsmasq();
        EventLoopGroup nio = new NioEventLoopGroup(1);
        try (Dnsmasq dnsmasq = Dnsmasq.builder("127.0.0.60").host("nio.example.test", "10.1.1.1").start();
             UpstreamPool pool = UpstreamPools.create("upstream", List.of(dnsmasq.address()), FAST, nio,
                     DnsListener.NOOP)) {
            assertThat(address(ask(pool, query("nio.example.test.", Type.A, 1)))).isEqualTo("10.1.1.1");
        } finally {
            nio.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void failsOverFromADeadUpstreamMarksItDownAndProbesItBackUp() throws Exception {
        Requirements.requireDnsmasq();
        InetSocketAddress dead = new InetSocketAddress("127.0.0.61", Dnsmasq.freePort("127.0.0.61"));
        try (Dnsmasq live = Dnsmasq.builder("127.0.0.62").host("web.example.test", "10.0.0.62").start();
             UpstreamPool pool = UpstreamPools.create("upstream", List.of(dead, live.address()), FAST, group,
                     DnsListener.NOOP)) {
            AtomicInteger asked = new AtomicInteger();

            Awaitility.await("the dead upstream is marked down")
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        long started = System.nanoTime();
                        Message answer = ask(pool, query("web.example.test.", Type.A, asked.incrementAndGet()));
                        assertThat(address(answer)).isEqualTo("10.0.0.62");
                        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
                        return !statusOf(pool, dead).healthy();
                    });
            assertThat(statusOf(pool, dead).consecutiveFailures()).isGreaterThan(FAST.maxFails());
            assertThat(statusOf(pool, live.address()).healthy()).isTrue();

            try (Dnsmasq revived = Dnsmasq.builder("127.0.0.61").port(dead.getPort())
                    .host("web.example.test", "10.0.0.61").start()) {
                Awaitility.await("the probe finds the revived upstream")
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> statusOf(pool, dead).healthy());
                assertThat(statusOf(pool, dead).consecutiveFailures()).isZero();
                Awaitility.await("queries reach the revived upstream again")
                        .atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(1))
                        .until(() -> address(ask(pool, query("web.example.test.", Type.A, 1))).equals("10.0.0.61"));
            }
        }
    }

    @Test
    void anAnswerTooBigForOurEdnsBufferArrivesWholeOverTcp() throws Exception {
        Requirements.requireDnsmasq();
        try (Dnsmasq dnsmasq = Dnsmasq.builder("127.0.0.63")
                .txt("big.example.test", LONG_TEXT, LONG_TEXT, LONG_TEXT, LONG_TEXT, LONG_TEXT, LONG_TEXT)
                .start();
             UpstreamPool pool = UpstreamPools.create("upstream", List.of(dnsmasq.address()), FAST, group,
                     DnsListener.NOOP)) {

            Message answer = ask(pool, query("big.example.test.", Type.TXT, 5));

            assertThat(answer.getHeader().getFlag(Flags.TC)).isFalse();
            assertThat(answer.toWire().length).isGreaterThan(1232);
            assertThat(answer.getSection(Section.ANSWER)).singleElement()
                    .satisfies(rr -> assertThat(((TXTRecord) rr).getStrings()).hasSize(6).containsOnly(LONG_TEXT));
        }
    }

    @Test
    void withoutEdnsAnAnswerOver512BytesArrivesWholeOverTcp() throws Exception {
        Requirements.requireDnsmasq();
        try (Dnsmasq dnsmasq = Dnsmasq.builder("127.0.0.63").txt("mid.example.test", LONG_TEXT, LONG_TEXT, LONG_TEXT)
                .start();
             UpstreamPool pool = UpstreamPools.create("upstream", List.of(dnsmasq.address()),
                     FAST.withEdnsUdpSize(0), group, DnsListener.NOOP)) {

            Message answer = ask(pool, query("mid.example.test.", Type.TXT, 6));

            assertThat(answer.getHeader().getFlag(Flags.TC)).isFalse();
            assertThat(answer.getOPT()).isNull();
            assertThat(answer.toWire().length).isGreaterThan(512);
            assertThat(((TXTRecord) answer.getSection(Section.ANSWER).get(0)).getStrings()).hasSize(3);
        }
    }

    @Test
    void refusedFromOneUpstreamMovesToTheNextAndIsReturnedWhenNobodyKnowsBetter() throws Exception {
        Requirements.requireDnsmasq();
        // A dnsmasq without upstreams answers REFUSED for names it does not hold.
        try (Dnsmasq refusing = Dnsmasq.builder("127.0.0.65").start();
             Dnsmasq knowing = Dnsmasq.builder("127.0.0.66").host("svc.example.test", "10.0.0.66").start();
             UpstreamPool both = UpstreamPools.create("upstream", List.of(refusing.address(), knowing.address()),
                     FAST, group, DnsListener.NOOP);
             UpstreamPool alone = UpstreamPools.create("upstream", List.of(refusing.address()), FAST, group,
                     DnsListener.NOOP)) {
            for (int i = 0; i < 10; i++) {
                assertThat(address(ask(both, query("svc.example.test.", Type.A, i)))).isEqualTo("10.0.0.66");
            }

            Message refused = ask(alone, query("svc.example.test.", Type.A, 42));

            assertThat(refused.getRcode()).isEqualTo(Rcode.REFUSED);
            assertThat(refused.getHeader().getID()).isEqualTo(42);
            assertThat(statusOf(both, refusing.address()).healthy()).isTrue();
        }
    }

    @Test
    void allUpstreamsDeadFailsBeforeTheDeadline() throws Exception {
        InetSocketAddress dead1 = new InetSocketAddress("127.0.0.67", Dnsmasq.freePort("127.0.0.67"));
        InetSocketAddress dead2 = new InetSocketAddress("127.0.0.68", Dnsmasq.freePort("127.0.0.68"));
        try (UpstreamPool pool = UpstreamPools.create("cluster:gone", List.of(dead1, dead2), FAST, group,
                DnsListener.NOOP)) {
            long started = System.nanoTime();
            CompletableFuture<Message> answer = pool.query(query("web.example.test.", Type.A, 1),
                    started + Duration.ofSeconds(2).toNanos());

            assertThatThrownBy(() -> answer.get(3, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(UpstreamUnavailableException.class)
                    .hasMessageStartingWith("no answer from cluster:gone [")
                    .hasMessageContaining("127.0.0.67:" + dead1.getPort())
                    .hasMessageContaining("127.0.0.68:" + dead2.getPort())
                    .hasMessageContaining("port unreachable");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void aSilentUpstreamFailsTheQueryAtItsDeadlineNotLater() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.64", 0));
             UpstreamPool pool = UpstreamPools.create("upstream",
                     List.of((InetSocketAddress) silent.getLocalSocketAddress()), FAST, group, DnsListener.NOOP)) {
            long started = System.nanoTime();
            CompletableFuture<Message> answer = pool.query(query("web.example.test.", Type.A, 1),
                    started + Duration.ofMillis(800).toNanos());

            assertThatThrownBy(() -> answer.get(3, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(UpstreamUnavailableException.class)
                    .hasMessageMatching(
                            "no answer from upstream \\[127\\.0\\.0\\.64:\\d+\\] within \\d+ms \\(last: .* timed out\\)");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(700)).isLessThan(Duration.ofMillis(1500));
            // 300ms per try: it was asked again after each silent try, until the deadline.
            Awaitility.await().atMost(Duration.ofSeconds(1))
                    .until(() -> pool.status().get(0).consecutiveFailures() >= 2);
        }
    }

    @Test
    void forgedAnswersAreIgnoredUntilTheRealOneArrives() throws Exception {
        try (DatagramSocket liar = new DatagramSocket(new InetSocketAddress("127.0.0.69", 0));
             UpstreamPool pool = UpstreamPools.create("upstream",
                     List.of((InetSocketAddress) liar.getLocalSocketAddress()), FAST, group, DnsListener.NOOP)) {
            // Wrong ID first, then the wrong question, then the real answer.
            CompletableFuture<List<Message>> seen = serve(liar, 1, forwarded -> List.of(
                    reply(forwarded.getHeader().getID() ^ 1, forwarded.getQuestion(), "10.6.6.6"),
                    reply(forwarded.getHeader().getID(), Record.newRecord(Name.fromString("evil.example.test."),
                            Type.A, DClass.IN), "10.6.6.6"),
                    reply(forwarded.getHeader().getID(), forwarded.getQuestion(), "10.0.0.69")));

            Message answer = ask(pool, query("web.example.test.", Type.A, 9));

            assertThat(address(answer)).isEqualTo("10.0.0.69");
            assertThat(answer.getHeader().getID()).isEqualTo(9);
            assertThat(seen.get(1, TimeUnit.SECONDS)).singleElement()
                    .satisfies(forwarded -> assertThat(forwarded.getOPT().getPayloadSize()).isEqualTo(1232));
        }
    }

    @Test
    void anUpstreamThatRejectsEdnsIsAskedAgainWithout() throws Exception {
        try (DatagramSocket old = new DatagramSocket(new InetSocketAddress("127.0.0.69", 0));
             UpstreamPool pool = UpstreamPools.create("upstream",
                     List.of((InetSocketAddress) old.getLocalSocketAddress()), FAST, group, DnsListener.NOOP)) {
            CompletableFuture<List<Message>> seen = serve(old, 2, forwarded -> {
                if (forwarded.getOPT() == null) {
                    return List.of(reply(forwarded.getHeader().getID(), forwarded.getQuestion(), "10.0.0.70"));
                }
                Message formerr = new Message(forwarded.getHeader().getID());
                formerr.getHeader().setFlag(Flags.QR);
                formerr.getHeader().setRcode(Rcode.FORMERR);
                return List.of(formerr);
            });

            Message answer = ask(pool, query("web.example.test.", Type.A, 10));

            assertThat(address(answer)).isEqualTo("10.0.0.70");
            assertThat(seen.get(1, TimeUnit.SECONDS)).extracting(m -> m.getOPT() != null).containsExactly(true, false);
        }
    }

    private interface FakeUpstream {
        List<Message> answer(Message forwarded) throws Exception;
    }

    /** Answers {@code queries} queries on {@code socket} as {@code upstream} says; returns what it was sent. */
    private static CompletableFuture<List<Message>> serve(DatagramSocket socket, int queries, FakeUpstream upstream) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                socket.setSoTimeout(3000);
                List<Message> seen = new java.util.ArrayList<>();
                for (int i = 0; i < queries; i++) {
                    DatagramPacket received = new DatagramPacket(new byte[1500], 1500);
                    socket.receive(received);
                    Message forwarded = new Message(java.util.Arrays.copyOf(received.getData(), received.getLength()));
                    seen.add(forwarded);
                    for (Message reply : upstream.answer(forwarded)) {
                        byte[] wire = reply.toWire();
                        socket.send(new DatagramPacket(wire, wire.length, received.getSocketAddress()));
                    }
                }
                return seen;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Message reply(int id, Record question, String address) throws Exception {
        Message reply = new Message(id);
        reply.getHeader().setFlag(Flags.QR);
        reply.addRecord(question, Section.QUESTION);
        reply.addRecord(new ARecord(question.getName(), DClass.IN, 60, java.net.InetAddress.getByName(address)),
                Section.ANSWER);
        return reply;
    }
}
