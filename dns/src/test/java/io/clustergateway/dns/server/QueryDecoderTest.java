package io.clustergateway.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.dns.chain.Query;
import io.clustergateway.dns.chain.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class QueryDecoderTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 5300);
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 53);

    @Test
    void aQueryBecomesAMessageAndThePacketIsReleased() {
        EmbeddedChannel channel = new EmbeddedChannel(UdpQueryDecoder.INSTANCE);
        Message sent = Message.newQuery(Record.newRecord(Name.fromConstantString("a.example."), Type.A, DClass.IN));
        DatagramPacket packet = packet(sent.toWire());
        channel.writeInbound(packet);
        Query query = channel.readInbound();
        assertThat(query.isMalformed()).isFalse();
        assertThat(query.transport()).isEqualTo(Transport.UDP);
        assertThat(query.client()).isEqualTo(CLIENT);
        assertThat(query.message().getQuestion()).isEqualTo(sent.getQuestion());
        assertThat(packet.refCnt()).isZero();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void lessThanAHeaderIsDroppedAndReleased() {
        EmbeddedChannel channel = new EmbeddedChannel(UdpQueryDecoder.INSTANCE);
        DatagramPacket packet = packet(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        channel.writeInbound(packet);
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(packet.refCnt()).isZero();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aHeaderOverABrokenBodyIsAMalformedQueryKeepingIdOpcodeAndQuestion() {
        EmbeddedChannel channel = new EmbeddedChannel(UdpQueryDecoder.INSTANCE);
        // QD=1 AN=3 but no answers follow
        byte[] wire = {0x0a, 0x0b, 0x01, 0x00, 0x00, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00,
                1, 'a', 0, 0, 1, 0, 1};
        channel.writeInbound(packet(wire));
        Query query = channel.readInbound();
        assertThat(query.isMalformed()).isTrue();
        assertThat(query.message().getHeader().getID()).isEqualTo(0x0a0b);
        assertThat(query.message().getQuestion().getName()).hasToString("a.");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aCompressionLoopIsMalformedWithoutAQuestion() {
        EmbeddedChannel channel = new EmbeddedChannel(UdpQueryDecoder.INSTANCE);
        byte[] wire = {0x0a, 0x0c, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                (byte) 0xc0, 12, 0, 1, 0, 1};
        channel.writeInbound(packet(wire));
        Query query = channel.readInbound();
        assertThat(query.isMalformed()).isTrue();
        assertThat(query.message().getQuestion()).isNull();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void tcpFramesDecodeWithThePeerAsClient() {
        EmbeddedChannel channel = new EmbeddedChannel(TcpQueryDecoder.INSTANCE);
        Message sent = Message.newQuery(Record.newRecord(Name.fromConstantString("b.example."), Type.AAAA, DClass.IN));
        ByteBuf frame = Unpooled.wrappedBuffer(sent.toWire());
        channel.writeInbound(frame);
        Query query = channel.readInbound();
        assertThat(query.transport()).isEqualTo(Transport.TCP);
        assertThat(query.message().getQuestion()).isEqualTo(sent.getQuestion());
        assertThat(frame.refCnt()).isZero();
        assertThat(channel.finish()).isFalse();
    }

    private static DatagramPacket packet(byte[] wire) {
        return new DatagramPacket(Unpooled.wrappedBuffer(wire), SERVER, CLIENT);
    }
}
