package io.clustergateway.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.dns.chain.Admission;
import io.clustergateway.dns.chain.Replies;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Without epoll (no native library), one NIO channel per address serves UDP and TCP the same way. */
class NioFallbackTest {

    @Test
    void nioServesUdpAndTcpOnOnePort() throws Exception {
        EventLoops loops = EventLoops.create(1, false);
        assertThat(loops.epoll()).isFalse();
        DnsTransport transport = DnsTransport.bind(loops, List.of(new InetSocketAddress("127.0.0.1", 0)), 4,
                new Admission(query -> Replies.errorNow(query.message(), Rcode.NXDOMAIN)), Duration.ofSeconds(1),
                AnswerSink.NONE);
        try {
            for (boolean tcp : new boolean[] {false, true}) {
                SimpleResolver resolver = new SimpleResolver(transport.addresses().get(0));
                resolver.setTCP(tcp);
                resolver.setTimeout(Duration.ofSeconds(2));
                Message answer = resolver.send(Message.newQuery(
                        Record.newRecord(Name.fromConstantString("x.example."), Type.A, DClass.IN)));
                assertThat(answer.getRcode()).as(tcp ? "tcp" : "udp").isEqualTo(Rcode.NXDOMAIN);
            }
        } finally {
            transport.stopListening();
            loops.group().shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
