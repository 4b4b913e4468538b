package io.clustergateway.dns.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.clustergateway.dns.chain.Admission;
import io.clustergateway.dns.chain.Replies;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** The cap on concurrent TCP connections, shared by the listeners of one server, on real loopback sockets. */
class TcpConnectionLimitTest {
    private static final int READ_TIMEOUT_MILLIS = 3000;
    private static final long SECOND = 1_000_000_000L;

    private EventLoops loops;
    private Listeners listeners;
    private TcpConnectionLimit limit;

    @BeforeEach
    void bind() throws IOException {
        loops = EventLoops.create(2);
        limit = new TcpConnectionLimit(2);
        QueryDispatcher dispatcher = new QueryDispatcher(
                new Admission(query -> Replies.errorNow(query.message(), Rcode.NOERROR)),
                Duration.ofSeconds(1), AnswerSink.NONE, new InFlight());
        listeners = Listeners.bind(loops, List.of(new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.2", 0)), 1, null, dispatcher, limit);
    }

    @AfterEach
    void close() {
        listeners.close();
        loops.group().shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aConnectionOverTheCapIsClosedAndAClosedOneFreesItsSlot() throws Exception {
        InetSocketAddress first = listeners.addresses().get(0);
        InetSocketAddress second = listeners.addresses().get(1);
        try (Socket one = connect(first); Socket two = connect(second)) {
            // answered: both are past the cap check before the third arrives
            assertAnswered(one, "one.example.");
            assertAnswered(two, "two.example.");

            try (Socket three = connect(first)) {
                assertThat(three.getInputStream().read()).as("end of stream on the third connection").isEqualTo(-1);
            }
            assertThat(limit.refused()).isEqualTo(1);
            assertAnswered(one, "one-again.example.");
            assertAnswered(two, "two-again.example.");

            one.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> limit.open() == 1);
            try (Socket four = connect(second)) {
                assertAnswered(four, "four.example.");
            }
        }
    }

    @Test
    void theCapCountsOpenChannelsNotAcceptedOnes() {
        TcpConnectionLimit one = new TcpConnectionLimit(1);
        EmbeddedChannel kept = new EmbeddedChannel(one);
        EmbeddedChannel refused = new EmbeddedChannel(one);
        assertThat(kept.isOpen()).isTrue();
        assertThat(refused.isOpen()).isFalse();
        assertThat(one.refused()).isEqualTo(1);

        kept.close();
        EmbeddedChannel next = new EmbeddedChannel(one);
        assertThat(next.isOpen()).isTrue();
        assertThat(one.open()).isEqualTo(1);
        assertThat(kept.finish()).isFalse();
        assertThat(next.finish()).isFalse();
    }

    @Test
    void theOldestIdleConnectionOfTheBusiestSourceMakesRoomForAnotherSource() throws Exception {
        AtomicLong now = new AtomicLong();
        TcpConnectionLimit limit = new TcpConnectionLimit(3, 3, Duration.ofSeconds(2), now::get);
        EmbeddedChannel a1 = from("10.0.0.1", limit);
        now.addAndGet(SECOND);
        EmbeddedChannel a2 = from("10.0.0.1", limit);
        EmbeddedChannel b1 = from("10.0.0.2", limit);

        EmbeddedChannel early = from("10.0.0.3", limit);
        assertThat(early.isOpen()).as("nobody idle yet: the newcomer is refused").isFalse();

        now.addAndGet(2 * SECOND);
        limit.messageRead(a2);
        EmbeddedChannel c1 = from("10.0.0.3", limit);
        assertThat(c1.isOpen()).isTrue();
        assertThat(a1.isOpen()).as("the busiest source's oldest idle connection").isFalse();
        assertThat(a2.isOpen()).as("it just read a message").isTrue();
        assertThat(b1.isOpen()).isTrue();
        assertThat(limit.open()).isEqualTo(3);
        assertThat(limit.refused()).isEqualTo(1);
        assertThat(limit.evicted()).isEqualTo(1);
    }

    @Test
    void aSourceAtItsOwnCapMakesRoomFromItsOwnIdleConnectionsOnly() throws Exception {
        AtomicLong now = new AtomicLong();
        TcpConnectionLimit limit = new TcpConnectionLimit(100, 2, Duration.ofSeconds(2), now::get);
        EmbeddedChannel a1 = from("10.0.0.1", limit);
        EmbeddedChannel a2 = from("10.0.0.1", limit);
        EmbeddedChannel b1 = from("10.0.0.2", limit);

        assertThat(from("10.0.0.1", limit).isOpen()).as("over its cap, nothing idle").isFalse();
        now.addAndGet(3 * SECOND);
        limit.messageRead(a2);
        EmbeddedChannel a3 = from("10.0.0.1", limit);

        assertThat(a3.isOpen()).isTrue();
        assertThat(a1.isOpen()).isFalse();
        assertThat(a2.isOpen()).isTrue();
        assertThat(b1.isOpen()).as("another source is never closed for this one").isTrue();
    }

    /** An embedded channel whose peer is {@code address}, with the limit in its pipeline. */
    private static EmbeddedChannel from(String address, TcpConnectionLimit limit) throws Exception {
        InetSocketAddress peer = new InetSocketAddress(address, 5300);
        EmbeddedChannel channel = new EmbeddedChannel(DefaultChannelId.newInstance(), false, false) {
            @Override
            protected SocketAddress remoteAddress0() {
                return peer;
            }
        };
        channel.pipeline().addLast(limit);
        channel.register();
        return channel;
    }

    @Test
    void aCapBelowOneIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> new TcpConnectionLimit(0)).hasMessageContaining("got 0");
    }

    private static Socket connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return socket;
    }

    private static void assertAnswered(Socket socket, String name) throws IOException {
        Message query = Message.newQuery(Record.newRecord(Name.fromConstantString(name), Type.A, DClass.IN));
        TcpFrames.write(socket, query);
        Message reply = TcpFrames.read(socket);
        assertThat(reply.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getQuestion()).isEqualTo(query.getQuestion());
    }
}
