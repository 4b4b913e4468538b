package io.clustergateway.dns.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clustergateway.dns.chain.Admission;
import io.clustergateway.dns.chain.Replies;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Hostile TCP clients on real loopback sockets (issue 13, slowloris): connections that trickle bytes or send junk
 * must not lock other clients out.
 */
class TcpSlowClientsTest {
    private static final InetSocketAddress ATTACKER = new InetSocketAddress("127.0.0.2", 0);
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.3", 0);

    private EventLoops loops;
    private DnsTransport transport;
    private InetSocketAddress server;
    private final List<Socket> slow = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void bind() throws IOException {
        loops = EventLoops.create(2);
        transport = DnsTransport.bind(loops, List.of(new InetSocketAddress("127.0.0.1", 0)), 1,
                new Admission(query -> Replies.errorNow(query.message(), Rcode.NOERROR)), Duration.ofSeconds(1),
                AnswerSink.NONE);
        server = transport.addresses().get(0);
    }

    @AfterEach
    void close() throws IOException {
        trickle.shutdownNow();
        for (Socket socket : slow) {
            socket.close();
        }
        transport.stopListening();
        loops.group().shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void twelveHundredSlowConnectionsFromOneAddressLeaveAnotherAddressItsAnswer() throws Exception {
        for (int i = 0; i < 1200; i++) {
            Socket socket = new Socket();
            socket.bind(ATTACKER);
            socket.connect(server, 5000);
            slow.add(socket);
            sendQuietly(socket, 0); // the first byte of a length prefix, and nothing more for now
        }
        // a byte a second on each: an idle timer alone would never fire
        trickle.scheduleWithFixedDelay(() -> slow.forEach(socket -> sendQuietly(socket, 0)), 1, 1, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> assertThat(askFrom(CLIENT)).isEqualTo(Rcode.NOERROR));
    }

    @Test
    void aMessageTricklingInIsCutOffAtItsDeadlineThoughEveryByteRestartsTheIdleTimer() throws Exception {
        Socket socket = new Socket();
        socket.bind(ATTACKER);
        socket.connect(server, 5000);
        slow.add(socket);
        socket.setSoTimeout(9000); // below the 10 s idle timeout, which the trickle keeps from firing anyway
        sendQuietly(socket, 0);
        trickle.scheduleWithFixedDelay(() -> sendQuietly(socket, 0), 500, 500, TimeUnit.MILLISECONDS);

        assertThat(closedByServer(socket)).as("closed by the server within 9 s").isTrue();
    }

    @Test
    void aFrameThatCannotBeAQueryClosesTheConnection() throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(CLIENT);
            socket.connect(server, 5000);
            socket.setSoTimeout(9000);
            TcpFrames.write(socket.getOutputStream(), new byte[] {9, 9, 9}, true);
            assertThat(closedByServer(socket)).as("closed at once, not after the idle timeout").isTrue();
        }
        Message response = query("answer.example.");
        response.getHeader().setFlag(org.xbill.DNS.Flags.QR);
        try (Socket socket = new Socket()) {
            socket.bind(CLIENT);
            socket.connect(server, 5000);
            socket.setSoTimeout(9000);
            TcpFrames.write(socket, response);
            assertThat(closedByServer(socket)).as("a response is no query either").isTrue();
        }
        assertThat(askFrom(CLIENT)).isEqualTo(Rcode.NOERROR);
    }

    /** The rcode of an answer over TCP from {@code local}; -1 when the connection was closed or reset instead. */
    private int askFrom(InetSocketAddress local) {
        try (Socket socket = new Socket()) {
            socket.bind(local);
            socket.connect(server, 2000);
            socket.setSoTimeout(2000);
            Message query = query("www.example.");
            TcpFrames.write(socket, query);
            Message reply = TcpFrames.read(socket);
            assertThat(reply.getHeader().getID()).isEqualTo(query.getHeader().getID());
            return reply.getRcode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** True when the server closed (or reset) the connection before the socket's read timeout. */
    private static boolean closedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static void sendQuietly(Socket socket, int b) {
        try {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.write(b);
            out.flush();
        } catch (IOException e) {
            // closed by the server: what a defended server does
        }
    }

    private static Message query(String name) {
        return Message.newQuery(Record.newRecord(Name.fromConstantString(name), Type.A, DClass.IN));
    }
}
