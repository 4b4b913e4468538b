package io.clustergateway.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.dns.chain.Admission;
import io.clustergateway.dns.chain.Query;
import io.clustergateway.dns.chain.QueryHandler;
import io.clustergateway.dns.chain.Replies;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The listening side on real loopback sockets, with a scripted chain behind it. */
class DnsTransportTest {
    private static EventLoops loops;
    private static DnsTransport transport;
    /** Names whose answer the test completes by hand (to show out-of-order TCP answers). */
    private static final Map<String, CompletableFuture<Message>> HELD = new ConcurrentHashMap<>();
    /** Every name under held.example. waits for this. */
    private static final CompletableFuture<Message> HELD_ALL = new CompletableFuture<>();

    @BeforeAll
    static void bind() throws Exception {
        loops = EventLoops.create(2);
        QueryHandler scripted = query -> {
            String name = query.message().getQuestion().getName().toString();
            if (name.startsWith("hang.")) {
                return new CompletableFuture<>();
            }
            if (name.startsWith("throw.")) {
                throw new IllegalStateException("boom");
            }
            CompletableFuture<Message> held = name.endsWith(".held.example.") ? HELD_ALL : HELD.get(name);
            if (held != null) {
                return held.thenApply(ignored -> answer(query));
            }
            return CompletableFuture.completedFuture(answer(query));
        };
        transport = DnsTransport.bind(loops, List.of(new InetSocketAddress("127.0.0.1", 0)), 2,
                new Admission(scripted), Duration.ofMillis(400), AnswerSink.NONE);
    }

    @AfterAll
    static void close() {
        transport.stopListening();
        loops.group().shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void portZeroBindsUdpAndTcpOnOneRealPort() throws Exception {
        InetSocketAddress address = transport.addresses().get(0);
        assertThat(address.getPort()).isPositive();
        assertThat(transport.allOpen()).isTrue();
        assertThat(resolver(false).send(query("a.example.")).getRcode()).isEqualTo(Rcode.NOERROR);
        Message overTcp = resolver(true).send(query("b.example."));
        assertThat(overTcp.getSection(Section.ANSWER)).hasSize(1);
    }

    @Test
    void aChainThatNeverAnswersYieldsServfailAtTheDeadline() throws Exception {
        assertThat(resolver(false).send(query("hang.example.")).getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(resolver(false).send(query("throw.example.")).getRcode()).isEqualTo(Rcode.SERVFAIL);
    }

    @Test
    void tcpAnswersEachQueryAsItCompletesOutOfOrder() throws Exception {
        CompletableFuture<Message> slow = new CompletableFuture<>();
        HELD.put("slow.example.", slow);
        try (Socket socket = new Socket()) {
            socket.connect(transport.addresses().get(0), 2000);
            socket.setSoTimeout(2000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            Message first = query("slow.example.");
            Message second = query("fast.example.");
            TcpFrames.write(out, first, true);
            TcpFrames.write(out, second, true);
            Message firstBack = TcpFrames.read(in);
            assertThat(firstBack.getHeader().getID()).isEqualTo(second.getHeader().getID());
            slow.complete(null);
            Message secondBack = TcpFrames.read(in);
            assertThat(secondBack.getHeader().getID()).isEqualTo(first.getHeader().getID());
        } finally {
            HELD.remove("slow.example.");
        }
    }

    @Test
    void aTcpClientPipeliningMoreThanWeHoldIsSlowedDownNotDropped() throws Exception {
        int queries = QueryDispatcher.TCP_MAX_PENDING * 2 + 10;
        try (Socket socket = new Socket()) {
            socket.connect(transport.addresses().get(0), 2000);
            socket.setSoTimeout(3000);
            DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(socket.getOutputStream()));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            java.util.Set<Integer> ids = new java.util.HashSet<>();
            for (int i = 0; i < queries; i++) {
                Message query = query("q" + i + ".held.example.");
                query.getHeader().setID(i);
                ids.add(i);
                TcpFrames.write(out, query, false);
            }
            out.flush();
            HELD_ALL.complete(null);
            for (int i = 0; i < queries; i++) {
                ids.remove(TcpFrames.read(in).getHeader().getID());
            }
            assertThat(ids).isEmpty();
        }
    }

    @Test
    void garbageGetsNoAnswerOrFormerrAndTheServerKeepsAnswering() throws Exception {
        InetSocketAddress server = transport.addresses().get(0);
        Random random = new Random(42);
        try (DatagramSocket socket = new DatagramSocket()) {
            for (int i = 0; i < 2000; i++) {
                byte[] junk = new byte[random.nextInt(80)];
                random.nextBytes(junk);
                socket.send(new DatagramPacket(junk, junk.length, server));
            }
            // short of a header: nobody to answer
            byte[] tiny = {1, 2, 3, 4, 5};
            socket.send(new DatagramPacket(tiny, tiny.length, server));
            socket.setSoTimeout(300);
            drain(socket);

            // a parsable header over a broken body: FORMERR echoing the ID
            byte[] broken = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 63, 'a', 'b'};
            socket.send(new DatagramPacket(broken, broken.length, server));
            Message formerr = receive(socket);
            assertThat(formerr.getHeader().getID()).isEqualTo(0x1234);
            assertThat(formerr.getRcode()).isEqualTo(Rcode.FORMERR);
        }
        try (Socket tcp = new Socket()) {
            tcp.connect(server, 2000);
            DataOutputStream out = new DataOutputStream(tcp.getOutputStream());
            TcpFrames.write(out, new byte[] {9, 9, 9}, true);
            out.writeShort(60000);
            out.write(new byte[100]);
            out.flush();
        }
        assertThat(resolver(false).send(query("after.example.")).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(resolver(true).send(query("after.example.")).getRcode()).isEqualTo(Rcode.NOERROR);
    }

    private static void drain(DatagramSocket socket) throws Exception {
        byte[] buffer = new byte[4096];
        while (true) {
            try {
                socket.receive(new DatagramPacket(buffer, buffer.length));
            } catch (SocketTimeoutException e) {
                return;
            }
        }
    }

    private static Message receive(DatagramSocket socket) throws Exception {
        byte[] buffer = new byte[4096];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.setSoTimeout(2000);
        socket.receive(packet);
        return new Message(java.util.Arrays.copyOf(buffer, packet.getLength()));
    }

    private static SimpleResolver resolver(boolean tcp) throws Exception {
        SimpleResolver resolver = new SimpleResolver(transport.addresses().get(0));
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(2));
        return resolver;
    }

    private static Message query(String name) {
        return Message.newQuery(Record.newRecord(Name.fromConstantString(name), Type.A, DClass.IN));
    }

    private static Message answer(Query query) {
        Message answer = Replies.error(query.message(), Rcode.NOERROR);
        try {
            answer.addRecord(new ARecord(query.message().getQuestion().getName(), DClass.IN, 60,
                    java.net.InetAddress.getByName("192.0.2.1")), Section.ANSWER);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        answer.getHeader().setFlag(Flags.AA);
        return answer;
    }
}
