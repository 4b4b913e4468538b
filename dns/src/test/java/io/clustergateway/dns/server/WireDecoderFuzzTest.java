package io.clustergateway.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.clustergateway.dns.chain.Query;
import io.clustergateway.dns.chain.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;

/**
 * Any bytes off the wire: under a header's length nothing (drop), otherwise a query, malformed or not, that keeps
 * the sender's ID for the FORMERR; never an exception. Under {@code mvn verify} the corpus in
 * src/test/resources replays; {@code JAZZER_FUZZ=1} fuzzes (see dns/pom.xml's fuzz profile).
 */
class WireDecoderFuzzTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 5353);

    @FuzzTest(maxDuration = "20s")
    void anyDatagramDecodesOrIsDropped(byte[] datagram) {
        ByteBuf bytes = Unpooled.wrappedBuffer(datagram);
        Query query = WireDecoder.decode(bytes, CLIENT, Transport.UDP, 0);
        if (datagram.length < 12) {
            assertThat(query).isNull();
            return;
        }
        assertThat(query).isNotNull();
        int sentId = ((datagram[0] & 0xff) << 8) | (datagram[1] & 0xff);
        assertThat(query.message().getHeader().getID()).isEqualTo(sentId);
    }
}
