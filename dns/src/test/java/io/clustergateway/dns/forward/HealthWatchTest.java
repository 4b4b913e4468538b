package io.clustergateway.dns.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.dns.DnsListener;
import io.clustergateway.dns.UpstreamFailure;
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
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Health that does not wait for clients: servers watched in the background from the pool's first query, a server
 * known down skipped, a pool known down failing at once, one report per transition. Real dnsmasq, and a "frozen"
 * server: a UDP socket on loopback that reads every query and never answers.
 */
class HealthWatchTest {
    /** Probed every 100 ms after a failure (each probe waits as long), a healthy quiet server after 300 ms. */
    private static final ForwardSettings FAST = ForwardSettings.defaults()
            .withProbeInterval(Duration.ofMillis(100))
            .withQuietInterval(Duration.ofMillis(300))
            .withPerTryTimeout(Duration.ofMillis(300));
    private static final Duration WITHIN = Duration.ofSeconds(10);

    private static EventLoopGroup group;

    @BeforeAll
    static void startEventLoop() {
        group = Epoll.isAvailable() ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
    }

    @AfterAll
    static void stopEventLoop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Each health transition the pool reported: "down:refused", "up". */
    private static final class Transitions implements DnsListener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onUpstreamHealth(String pool, InetSocketAddress upstream, boolean healthy,
                                     Optional<UpstreamFailure> why) {
            seen.add(healthy ? "up" : "down:" + why.map(UpstreamFailure::word).orElse("?"));
        }
    }

    @Test
    void aServerThatDiesWhileNobodyAsksIsMarkedDownOnceAndUpAgainOnItsFirstAnswer() throws Exception {
        Requirements.requireDnsmasq();
        Transitions transitions = new Transitions();
        try (Dnsmasq dnsmasq = Dnsmasq.builder("127.0.0.112").host("web.example.test", "10.0.0.112").start();
             UpstreamPool pool = UpstreamPools.create("cluster:quiet", List.of(dnsmasq.address()), FAST, group,
                     transitions)) {
            assertThat(address(ask(pool, "web.example.test."))).isEqualTo("10.0.0.112");

            dnsmasq.close(); // and no client asks anything from here on

            Awaitility.await("the probes notice the dead server").atMost(WITHIN)
                    .until(() -> !status(pool).healthy());
            assertThat(status(pool).lastFailure()).contains(UpstreamFailure.REFUSED);
            Awaitility.await("more probes fail").atMost(WITHIN).until(() -> status(pool).consecutiveFailures() >= 6);
            assertThat(transitions.seen).as("one report per transition, not per failure").containsExactly("down:refused");

            dnsmasq.restart();

            Awaitility.await("the probes find it back").atMost(WITHIN).until(() -> status(pool).healthy());
            assertThat(transitions.seen).containsExactly("down:refused", "up");
            assertThat(status(pool).consecutiveFailures()).isZero();
        }
    }

    @Test
    void aFrozenServerKnownDownGetsNoClientQueryWhileAnotherIsHealthy() throws Exception {
        Requirements.requireDnsmasq();
        try (FrozenServer frozen = new FrozenServer("127.0.0.113");
             Dnsmasq live = Dnsmasq.builder("127.0.0.114").host("web.example.test", "10.0.0.114").start();
             UpstreamPool pool = UpstreamPools.create("upstream", List.of(frozen.address(), live.address()), FAST,
                     group, DnsListener.NOOP)) {
            assertThat(address(ask(pool, "web.example.test."))).isEqualTo("10.0.0.114");
            Awaitility.await("the frozen server is marked down by the probes").atMost(WITHIN)
                    .until(() -> !statusOf(pool, frozen.address()).healthy());
            assertThat(statusOf(pool, frozen.address()).lastFailure()).contains(UpstreamFailure.TIMEOUT);
            int before = frozen.questions().size();

            for (int i = 0; i < 20; i++) {
                assertThat(address(ask(pool, "web.example.test."))).isEqualTo("10.0.0.114");
            }

            assertThat(frozen.questions().subList(before, frozen.questions().size()))
                    .as("only probes reach a server known down").doesNotContain("web.example.test.");
            assertThat(statusOf(pool, live.address()).healthy()).isTrue();
        }
    }

    @Test
    void aPoolWhoseServersAreAllKnownDownFailsAtOnceAndSaysWhy() throws Exception {
        try (FrozenServer frozen = new FrozenServer("127.0.0.115");
             UpstreamPool pool = UpstreamPools.create("cluster:frozen", List.of(frozen.address()), FAST, group,
                     DnsListener.NOOP)) {
            CompletableFuture<Message> first = pool.query(query("web.example.test."), deadlineIn(Duration.ofSeconds(1)));
            assertThat(first).failsWithin(Duration.ofSeconds(3));
            Awaitility.await("the frozen server is marked down").atMost(WITHIN).until(() -> !status(pool).healthy());

            CompletableFuture<Message> known = pool.query(query("other.example.test."), deadlineIn(WITHIN));

            assertThat(known).as("no waiting for a server known down").isCompletedExceptionally();
            assertThat(known.handle((answer, error) -> error).join())
                    .isInstanceOf(UpstreamUnavailableException.class)
                    .hasMessageStartingWith("every server of cluster:frozen [" + hostPort(frozen.address()) + "] is down")
                    .hasMessageEndingWith("timeout)")
                    .satisfies(e -> assertThat(((UpstreamUnavailableException) e).failure())
                            .isEqualTo(UpstreamFailure.TIMEOUT));
            assertThat(frozen.questions()).doesNotContain("other.example.test.");
        }
    }

    @Test
    void aPoolNobodyAskedSendsNothingUntilAReadinessCheck() throws Exception {
        try (FrozenServer frozen = new FrozenServer("127.0.0.115");
             UpstreamPool pool = UpstreamPools.create("cluster:unused", List.of(frozen.address()), FAST, group,
                     DnsListener.NOOP)) {
            // several quiet intervals: a configured server that no client (and no readiness check) needs gets nothing
            Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> frozen.questions().isEmpty());

            pool.checkQuiet(Duration.ofDays(1), Duration.ofMillis(100)).get(3, TimeUnit.SECONDS);

            Awaitility.await("the check, then the watch that follows it, probe the server").atMost(WITHIN)
                    .until(() -> frozen.questions().size() >= 3);
            assertThat(frozen.questions()).containsOnly(".");
        }
    }

    private static UpstreamStatus status(UpstreamPool pool) {
        return pool.status().get(0);
    }

    private static UpstreamStatus statusOf(UpstreamPool pool, InetSocketAddress address) {
        return pool.status().stream().filter(s -> s.address().equals(address)).findFirst().orElseThrow();
    }

    private static Message ask(UpstreamPool pool, String name) throws Exception {
        return pool.query(query(name), deadlineIn(Duration.ofSeconds(2))).get(3, TimeUnit.SECONDS);
    }

    private static Message query(String name) throws Exception {
        return Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
    }

    private static long deadlineIn(Duration duration) {
        return System.nanoTime() + duration.toNanos();
    }

    private static String address(Message answer) {
        return ((ARecord) answer.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** Reads every query sent to it and answers none: a hung server, not a refusing one. */
    static final class FrozenServer implements AutoCloseable {
        private final DatagramSocket socket;
        private final List<String> questions = new CopyOnWriteArrayList<>();
        private final Thread reader;

        FrozenServer(String address) throws SocketException {
            socket = new DatagramSocket(new InetSocketAddress(address, 0));
            reader = new Thread(this::read, "frozen-" + address);
            reader.setDaemon(true);
            reader.start();
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        /** The question name of every query received, in order. */
        List<String> questions() {
            return questions;
        }

        private void read() {
            byte[] buffer = new byte[1500];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    Message query = new Message(Arrays.copyOf(buffer, packet.getLength()));
                    questions.add(query.getQuestion().getName().toString());
                } catch (java.io.IOException e) {
                    // closed, or a datagram that does not parse: keep reading until closed
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
