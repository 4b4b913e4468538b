package io.clustergateway.dns.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The long-lived UDP sockets: reused, replaced after their share of queries, closed when drained. */
class UdpExchangeTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private EventLoopGroup group;
    private DatagramSocket upstream;
    private final Set<Integer> sourcePorts = ConcurrentHashMap.newKeySet();
    private volatile boolean answering = true;

    @BeforeEach
    void start() throws Exception {
        group = Epoll.isAvailable() ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        upstream = new DatagramSocket(new InetSocketAddress("127.0.0.70", 0));
        Thread server = new Thread(this::serve, "fake-upstream");
        server.setDaemon(true);
        server.start();
    }

    @AfterEach
    void stop() {
        upstream.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Answers every query with 10.0.0.1 and remembers the port it came from. */
    private void serve() {
        try {
            while (!upstream.isClosed()) {
                DatagramPacket received = new DatagramPacket(new byte[1500], 1500);
                upstream.receive(received);
                sourcePorts.add(received.getPort());
                if (!answering) {
                    continue;
                }
                Message query = new Message(java.util.Arrays.copyOf(received.getData(), received.getLength()));
                Message reply = new Message(query.getHeader().getID());
                reply.getHeader().setFlag(Flags.QR);
                reply.addRecord(query.getQuestion(), Section.QUESTION);
                reply.addRecord(new ARecord(query.getQuestion().getName(), DClass.IN, 60,
                        java.net.InetAddress.getByName("10.0.0.1")), Section.ANSWER);
                byte[] wire = reply.toWire();
                upstream.send(new DatagramPacket(wire, wire.length, received.getSocketAddress()));
            }
        } catch (Exception e) {
            // closed
        }
    }

    private InetSocketAddress address() {
        return (InetSocketAddress) upstream.getLocalSocketAddress();
    }

    private CompletableFuture<Message> ask(UdpExchange exchange, String name, long timeoutNanos) throws Exception {
        Record question = Record.newRecord(Name.fromString(name), Type.A, DClass.IN);
        ForwardedQuery forwarded = ForwardedQuery.of(Message.newQuery(question), 1232);
        int id = ForwardedQuery.randomId();
        EventLoop loop = group.next();
        return exchange.exchange(loop, address(), forwarded.withId(id),
                new ResponseValidator(address(), id, question), timeoutNanos);
    }

    @Test
    void queriesShareAFewSocketsThatAreReplacedAfterTheirShareOfQueries() throws Exception {
        UdpExchange exchange = new UdpExchange(NettyTransport.forGroup(group), 4, 10, 60 * SECOND);

        for (int i = 0; i < 100; i++) {
            Message answer = ask(exchange, "q" + i + ".example.test.", SECOND).get(2, TimeUnit.SECONDS);
            assertThat(answer.getQuestion().getName()).hasToString("q" + i + ".example.test.");
        }

        // 100 queries, 10 per socket at most: at least 10 sockets over the run, never more than 4 open at once
        assertThat(sourcePorts).hasSizeBetween(10, 100 / 2);
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> exchange.openSockets() <= 4);
        exchange.close();
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> exchange.openSockets() == 0);
    }

    @Test
    void socketsOlderThanTheirLifetimeAreReplaced() throws Exception {
        UdpExchange exchange = new UdpExchange(NettyTransport.forGroup(group), 1, 1000, 1);

        for (int i = 0; i < 5; i++) {
            ask(exchange, "old" + i + ".example.test.", SECOND).get(2, TimeUnit.SECONDS);
        }

        assertThat(sourcePorts).hasSize(5);
        exchange.close();
    }

    @Test
    void anUnansweredQueryTimesOutAndTheSocketStaysUsable() throws Exception {
        UdpExchange exchange = new UdpExchange(NettyTransport.forGroup(group), 1, 1000, 60 * SECOND);
        answering = false;

        CompletableFuture<Message> lost = ask(exchange, "lost.example.test.", TimeUnit.MILLISECONDS.toNanos(100));

        assertThatThrownBy(() -> lost.get(2, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(TimeoutException.class)
                .hasMessageMatching("no answer over UDP from 127\\.0\\.0\\.70:\\d+ within 100ms");
        answering = true;
        assertThat(ask(exchange, "found.example.test.", SECOND).get(2, TimeUnit.SECONDS).getRcode()).isZero();
        assertThat(sourcePorts).hasSize(1);
        exchange.close();
    }

    @Test
    void concurrentQueriesAreMatchedToTheirOwnAnswers() throws Exception {
        UdpExchange exchange = new UdpExchange(NettyTransport.forGroup(group), 2, 1000, 60 * SECOND);
        java.util.List<CompletableFuture<Message>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            answers.add(ask(exchange, "c" + i + ".example.test.", 2 * SECOND));
        }

        for (int i = 0; i < 200; i++) {
            assertThat(answers.get(i).get(3, TimeUnit.SECONDS).getQuestion().getName())
                    .hasToString("c" + i + ".example.test.");
        }
        assertThat(sourcePorts).hasSizeLessThanOrEqualTo(2);
        exchange.close();
    }
}
