package io.clustergateway.dns.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustergateway.dns.chain.Admission;
import io.clustergateway.dns.chain.Replies;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A wildcard listen address follows the local addresses (as dnsmasq's --bind-dynamic): checked by hand here, on
 * real loopback sockets, with the local addresses scripted.
 */
class ListenersFollowingTest {
    private static final InetAddress LOOPBACK = address("127.0.0.1");
    /** Plays a VIP that moves to this node and away again. */
    private static final InetAddress VIP = address("127.0.0.98");
    private static final InetAddress EXPLICIT = address("127.0.0.97");
    private static final InetSocketAddress ANY_IPV4 = new InetSocketAddress(address("0.0.0.0"), 0);

    private final AtomicReference<List<InetAddress>> locals = new AtomicReference<>(List.of(LOOPBACK));
    private EventLoops loops;
    private Listeners listeners;

    @BeforeEach
    void loops() {
        loops = EventLoops.create(2);
    }

    @AfterEach
    void close() {
        if (listeners != null) {
            listeners.close();
        }
        loops.group().shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void anAddressAddedAfterTheStartIsAnsweredOnTheWildcardsPortAfterTheNextCheck() throws Exception {
        listeners = bind(List.of(ANY_IPV4));
        int port = listeners.addresses().get(0).getPort();
        assertThat(listeners.addresses()).containsExactly(new InetSocketAddress(LOOPBACK, port));

        locals.set(List.of(LOOPBACK, VIP));
        Listeners.AddressChanges changes = listeners.followLocalAddresses();

        InetSocketAddress vip = new InetSocketAddress(VIP, port);
        assertThat(changes.added()).containsExactly(vip);
        assertThat(changes.removed()).isEmpty();
        assertThat(listeners.addresses()).containsExactly(new InetSocketAddress(LOOPBACK, port), vip);
        assertThat(listeners.allOpen()).isTrue();
        assertAnswered(vip, false);
        assertAnswered(vip, true);
        assertThat(listeners.followLocalAddresses()).as("nothing changed since")
                .isEqualTo(Listeners.AddressChanges.NONE);
    }

    @Test
    void anAddressThatWentAwayHasItsSocketsClosedWhileTheOthersStillAnswer() throws Exception {
        locals.set(List.of(LOOPBACK, VIP));
        listeners = bind(List.of(ANY_IPV4));
        int port = listeners.addresses().get(0).getPort();
        InetSocketAddress vip = new InetSocketAddress(VIP, port);
        assertThat(listeners.addresses()).as("one port for every address of the wildcard").contains(vip);
        assertAnswered(vip, false);

        locals.set(List.of(LOOPBACK));
        Listeners.AddressChanges changes = listeners.followLocalAddresses();

        assertThat(changes.removed()).containsExactly(vip);
        assertThat(listeners.addresses()).containsExactly(new InetSocketAddress(LOOPBACK, port));
        assertThat(listeners.allOpen()).isTrue();
        assertNotAnswered(vip, false);
        assertNotAnswered(vip, true);
        assertFree(vip);
        assertAnswered(new InetSocketAddress(LOOPBACK, port), false);
        assertAnswered(new InetSocketAddress(LOOPBACK, port), true);
    }

    @Test
    void anExplicitlyListedAddressStaysWhenNoLocalAddressIsLeft() throws Exception {
        locals.set(List.of(LOOPBACK, EXPLICIT));
        listeners = bind(List.of(new InetSocketAddress(EXPLICIT, 0), ANY_IPV4));
        InetSocketAddress explicit = listeners.addresses().get(0);
        assertThat(explicit.getAddress()).isEqualTo(EXPLICIT);
        assertThat(listeners.addresses()).hasSize(2);

        locals.set(List.of());
        Listeners.AddressChanges changes = listeners.followLocalAddresses();

        assertThat(changes.removed()).extracting(InetSocketAddress::getAddress).containsExactly(LOOPBACK);
        assertThat(listeners.addresses()).containsExactly(explicit);
        assertThat(listeners.allOpen()).isTrue();
        assertAnswered(explicit, false);
        assertAnswered(explicit, true);
    }

    @Test
    void withoutAWildcardTheLocalAddressesAreNotEvenRead() throws Exception {
        listeners = Listeners.bind(loops, List.of(new InetSocketAddress(EXPLICIT, 0)), 1, null, dispatcher(),
                new TcpConnectionLimit(TcpConnectionLimit.DEFAULT_MAX), () -> {
                    throw new AssertionError("the local addresses were read");
                });

        assertThat(listeners.followLocalAddresses()).isEqualTo(Listeners.AddressChanges.NONE);
        assertThat(listeners.addresses()).extracting(InetSocketAddress::getAddress).containsExactly(EXPLICIT);
    }

    @Test
    void aNewAddressThatCannotBeBoundDisturbsNothingAndIsTriedAgainAtTheNextCheck() throws Exception {
        listeners = bind(List.of(ANY_IPV4));
        InetSocketAddress loopback = listeners.addresses().get(0);
        InetSocketAddress vip = new InetSocketAddress(VIP, loopback.getPort());

        try (DatagramSocket squatter = new DatagramSocket(vip)) {
            locals.set(List.of(LOOPBACK, VIP));
            Listeners.AddressChanges changes = listeners.followLocalAddresses();

            assertThat(changes.failed()).containsExactly(vip);
            assertThat(changes.added()).isEmpty();
            assertThat(listeners.addresses()).containsExactly(loopback);
            assertThat(listeners.allOpen()).isTrue();
            assertAnswered(loopback, false);
            assertAnswered(loopback, true);
            assertThat(listeners.followLocalAddresses().failed()).as("still taken").containsExactly(vip);
        }

        assertThat(listeners.followLocalAddresses().added()).containsExactly(vip);
        assertAnswered(vip, false);
        assertAnswered(vip, true);
    }

    @Test
    void aCheckAfterCloseBindsNothing() throws Exception {
        listeners = bind(List.of(ANY_IPV4));
        int port = listeners.addresses().get(0).getPort();
        listeners.close();

        locals.set(List.of(LOOPBACK, VIP));

        assertThat(listeners.followLocalAddresses()).isEqualTo(Listeners.AddressChanges.NONE);
        assertThat(listeners.allOpen()).isFalse();
        assertFree(new InetSocketAddress(VIP, port));
        assertFree(new InetSocketAddress(LOOPBACK, port));
    }

    @Test
    void aCheckAfterStopAcceptingBindsNothing() throws Exception {
        listeners = bind(List.of(ANY_IPV4));
        int port = listeners.addresses().get(0).getPort();
        listeners.stopAccepting();

        locals.set(List.of(LOOPBACK, VIP));

        assertThat(listeners.followLocalAddresses()).isEqualTo(Listeners.AddressChanges.NONE);
        assertFree(new InetSocketAddress(VIP, port));
    }

    @Test
    void closeAlsoClosesTheSocketsOfAddressesAddedLater() throws Exception {
        listeners = bind(List.of(ANY_IPV4));
        int port = listeners.addresses().get(0).getPort();
        locals.set(List.of(LOOPBACK, VIP));
        assertThat(listeners.followLocalAddresses().added()).hasSize(1);

        listeners.close();

        assertFree(new InetSocketAddress(VIP, port));
        assertFree(new InetSocketAddress(LOOPBACK, port));
    }

    private Listeners bind(List<InetSocketAddress> listen) throws IOException {
        return Listeners.bind(loops, listen, 2, null, dispatcher(),
                new TcpConnectionLimit(TcpConnectionLimit.DEFAULT_MAX), locals::get);
    }

    private static QueryDispatcher dispatcher() {
        return new QueryDispatcher(new Admission(query -> Replies.errorNow(query.message(), Rcode.NXDOMAIN)),
                Duration.ofSeconds(1), AnswerSink.NONE, new InFlight());
    }

    static void assertAnswered(InetSocketAddress server, boolean tcp) throws IOException {
        Message answer = resolver(server, tcp, Duration.ofSeconds(2)).send(query());
        assertThat(answer.getRcode()).as("%s over %s", server, tcp ? "tcp" : "udp").isEqualTo(Rcode.NXDOMAIN);
    }

    static void assertNotAnswered(InetSocketAddress server, boolean tcp) throws IOException {
        SimpleResolver resolver = resolver(server, tcp, Duration.ofMillis(500));
        assertThatThrownBy(() -> resolver.send(query()))
                .as("%s over %s", server, tcp ? "tcp" : "udp")
                .isInstanceOf(IOException.class);
    }

    /** Nothing of ours holds the address's port any more: UDP and TCP bind there. */
    static void assertFree(InetSocketAddress address) throws IOException {
        try (DatagramSocket udp = new DatagramSocket(address); ServerSocket tcp = new ServerSocket()) {
            tcp.bind(address);
            assertThat(udp.isBound() && tcp.isBound()).isTrue();
        }
    }

    private static SimpleResolver resolver(InetSocketAddress server, boolean tcp, Duration timeout) {
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTCP(tcp);
        resolver.setTimeout(timeout);
        return resolver;
    }

    private static Message query() {
        return Message.newQuery(Record.newRecord(Name.fromConstantString("x.example."), Type.A, DClass.IN));
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
