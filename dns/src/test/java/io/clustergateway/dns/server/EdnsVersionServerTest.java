package io.clustergateway.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.dns.CacheSettings;
import io.clustergateway.dns.DnsListener;
import io.clustergateway.dns.DnsRoutes;
import io.clustergateway.dns.DnsServer;
import io.clustergateway.dns.DnsServerSettings;
import io.clustergateway.dns.wire.Wire;
import io.clustergateway.testkit.Dnsmasq;
import io.clustergateway.testkit.Requirements;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * RFC 6891 6.1.3 through the whole server on loopback, with dnsmasq as the office resolver: a client asking with
 * EDNS version 1 sees BADVERS and our version-0 OPT, over UDP and TCP; version 0 is answered as before.
 */
class EdnsVersionServerTest {
    private static final int TIMEOUT_MILLIS = 3000;

    private static Dnsmasq office;
    private static DnsServer server;
    private static InetSocketAddress address;

    @BeforeAll
    static void start() throws Exception {
        Requirements.requireDnsmasq();
        office = Dnsmasq.builder("127.0.0.81").authoritativeFor("example.com")
                .host("www.example.com", "192.0.2.80")
                .host("cached.example.com", "192.0.2.81")
                .host("tcp.example.com", "192.0.2.82")
                .host("dig.example.com", "192.0.2.83")
                .start();
        server = DnsServer.start(new DnsServerSettings(List.of(new InetSocketAddress("127.0.0.1", 0)),
                        Duration.ofMillis(1500), CacheSettings.defaults(), 0, 1),
                new DnsRoutes(List.of(), List.of(office.address()), List.of()), DnsListener.NOOP);
        address = server.boundAddresses().get(0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (office != null) {
            office.close();
        }
    }

    @Test
    void versionOneOverUdpIsBadversWithOurVersionZeroOpt() throws Exception {
        Message query = query("never-asked.example.com.", 1);
        assertBadvers(query, udp(query));
    }

    @Test
    void versionOneOverTcpIsBadvers() throws Exception {
        Message query = query("tcp.example.com.", 1);
        assertBadvers(query, tcp(query));
    }

    @Test
    void versionZeroIsStillAnswered() throws Exception {
        Message udpAnswer = udp(query("www.example.com.", 0));
        assertThat(udpAnswer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(addresses(udpAnswer)).containsExactly("192.0.2.80");
        assertThat(udpAnswer.getOPT().getVersion()).isZero();

        Message tcpAnswer = tcp(query("tcp.example.com.", 0));
        assertThat(tcpAnswer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(addresses(tcpAnswer)).containsExactly("192.0.2.82");
    }

    /** Fresh cache hits are answered from bytes before the chain; that shortcut must leave version 1 to it. */
    @Test
    void aCachedNameIsStillBadversForVersionOne() throws Exception {
        Message first = udp(query("cached.example.com.", 0));
        assertThat(addresses(first)).containsExactly("192.0.2.81");
        Message cached = udp(query("cached.example.com.", 0));
        assertThat(addresses(cached)).containsExactly("192.0.2.81");

        Message query = query("cached.example.com.", 1);
        assertBadvers(query, udp(query));
    }

    /** Without +noednsnegotiation dig would take our BADVERS, ask again with version 0 and print that answer. */
    @Test
    void digWithEdnsOneSeesBadvers() throws Exception {
        Requirements.requireDig();
        Process dig = new ProcessBuilder("dig", "@" + address.getAddress().getHostAddress(),
                "-p", Integer.toString(address.getPort()), "+edns=1", "+noednsnegotiation", "+tries=1", "+time=3",
                "dig.example.com", "A").redirectErrorStream(true).start();
        assertThat(dig.waitFor(15, TimeUnit.SECONDS)).isTrue();
        String output = new String(dig.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output).contains("status: BADVERS").contains("EDNS: version: 0").contains("ANSWER: 0");
    }

    private static void assertBadvers(Message query, Message answer) {
        assertThat(answer.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(answer.getRcode()).isEqualTo(Rcode.BADVERS);
        assertThat(answer.getHeader().getRcode()).isZero();
        assertThat(answer.getQuestion()).isEqualTo(query.getQuestion());
        assertThat(answer.getSection(Section.ANSWER)).isEmpty();
        OPTRecord opt = answer.getOPT();
        assertThat(opt).isNotNull();
        assertThat(opt.getVersion()).isZero();
        assertThat(opt.getExtendedRcode()).isEqualTo(1);
        assertThat(opt.getPayloadSize()).isEqualTo(Wire.EDNS_UDP_SIZE);
    }

    private static Message query(String name, int ednsVersion) {
        Message query = Message.newQuery(Record.newRecord(Name.fromConstantString(name), Type.A, DClass.IN));
        query.addRecord(new OPTRecord(1232, 0, ednsVersion, 0), Section.ADDITIONAL);
        return query;
    }

    private static Message udp(Message query) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            byte[] wire = query.toWire();
            socket.send(new DatagramPacket(wire, wire.length, address));
            byte[] buffer = new byte[4096];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            return new Message(Arrays.copyOf(buffer, packet.getLength()));
        }
    }

    private static Message tcp(Message query) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            TcpFrames.write(socket, query);
            return TcpFrames.read(socket);
        }
    }

    private static List<String> addresses(Message answer) {
        return answer.getSection(Section.ANSWER).stream()
                .filter(ARecord.class::isInstance)
                .map(record -> ((ARecord) record).getAddress().getHostAddress())
                .toList();
    }
}
