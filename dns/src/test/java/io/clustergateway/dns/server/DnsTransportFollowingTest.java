package io.clustergateway.dns.server;

import static io.clustergateway.dns.server.ListenersFollowingTest.address;
import static io.clustergateway.dns.server.ListenersFollowingTest.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clustergateway.dns.chain.Admission;
import io.clustergateway.dns.chain.Replies;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

/** The transport checks the local addresses on a timer of its own, and only when a wildcard is listened on. */
class DnsTransportFollowingTest {
    private static final InetAddress LOOPBACK = address("127.0.0.1");
    private static final InetAddress VIP = address("127.0.0.98");
    private static final Duration QUICKLY = Duration.ofMillis(50);

    private final AtomicReference<List<InetAddress>> locals = new AtomicReference<>(List.of(LOOPBACK));
    private final AtomicInteger reads = new AtomicInteger();
    private EventLoops loops;
    private DnsTransport transport;

    @BeforeEach
    void loops() {
        loops = EventLoops.create(2);
    }

    @AfterEach
    void close() {
        if (transport != null) {
            transport.stopListening();
        }
        loops.group().shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aWildcardPicksUpANewAddressWithoutAnyoneAsking() throws Exception {
        transport = bind(new InetSocketAddress(address("0.0.0.0"), 0));
        assertThat(transport.followsLocalAddresses()).isTrue();
        InetSocketAddress vip = new InetSocketAddress(VIP, transport.addresses().get(0).getPort());

        locals.set(List.of(LOOPBACK, VIP));

        await().atMost(Duration.ofSeconds(5)).until(() -> transport.addresses().contains(vip));
        assertAnswered(vip, false);
        assertAnswered(vip, true);

        locals.set(List.of(LOOPBACK));
        await().atMost(Duration.ofSeconds(5)).until(() -> !transport.addresses().contains(vip));
    }

    @Test
    void stopAcceptingEndsTheFollowing() throws Exception {
        transport = bind(new InetSocketAddress(address("0.0.0.0"), 0));

        transport.stopAccepting();

        assertThat(transport.followsLocalAddresses()).isFalse();
    }

    @Test
    void explicitAddressesAreNotFollowed() throws Exception {
        transport = bind(new InetSocketAddress(LOOPBACK, 0));

        assertThat(transport.followsLocalAddresses()).isFalse();
        assertThat(reads).hasValue(0);
    }

    private DnsTransport bind(InetSocketAddress listen) throws IOException {
        return DnsTransport.bind(loops, List.of(listen), 1,
                new Admission(query -> Replies.errorNow(query.message(), Rcode.NXDOMAIN)), null,
                Duration.ofSeconds(1), AnswerSink.NONE, () -> {
                    reads.incrementAndGet();
                    return locals.get();
                }, QUICKLY);
    }
}
