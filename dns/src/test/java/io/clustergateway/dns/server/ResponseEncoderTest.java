package io.clustergateway.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.dns.chain.Transport;
import io.clustergateway.dns.wire.Wire;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class ResponseEncoderTest {
    private static final Name NAME = Name.fromConstantString("big.example.");

    @Test
    void anAnswerOver512BytesIsTruncatedOverUdpWithoutEdns() throws Exception {
        Message query = query(null);
        Message reply = new Message(ResponseEncoder.encode(query, bigAnswer(query), Transport.UDP));
        assertThat(reply.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(reply.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(reply.getQuestion()).isEqualTo(query.getQuestion());
        assertThat(reply.getSection(Section.ANSWER)).isEmpty();
        assertThat(reply.getOPT()).isNull();
    }

    @Test
    void theSameAnswerFitsTheClientsEdnsSizeAndTcp() throws Exception {
        Message edns = query(new OPTRecord(4096, 0, 0, ExtendedFlags.DO));
        byte[] wire = ResponseEncoder.encode(edns, bigAnswer(edns), Transport.UDP);
        Message reply = new Message(wire);
        assertThat(wire.length).isGreaterThan(512).isLessThanOrEqualTo(Wire.EDNS_UDP_SIZE);
        assertThat(reply.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(reply.getSection(Section.ANSWER)).hasSize(6);
        assertThat(reply.getOPT().getPayloadSize()).isEqualTo(1232);
        assertThat(reply.getOPT().getFlags() & ExtendedFlags.DO).isEqualTo(ExtendedFlags.DO);

        Message plain = query(null);
        Message overTcp = new Message(ResponseEncoder.encode(plain, bigAnswer(plain), Transport.TCP));
        assertThat(overTcp.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(overTcp.getSection(Section.ANSWER)).hasSize(6);
    }

    @Test
    void anUpstreamAnswerStillTruncatedIsNeverPassedOnAsAnEmptyNoerror() throws Exception {
        Message query = query(null);
        Message upstreamTruncated = response(query);
        upstreamTruncated.getHeader().setFlag(Flags.TC);

        Message overUdp = new Message(ResponseEncoder.encode(query, upstreamTruncated, Transport.UDP));
        assertThat(overUdp.getHeader().getFlag(Flags.TC)).as("a UDP client is told to retry over TCP").isTrue();

        Message overTcp = new Message(ResponseEncoder.encode(query, upstreamTruncated, Transport.TCP));
        assertThat(overTcp.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(overTcp.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(overTcp.getQuestion()).isEqualTo(query.getQuestion());
    }

    @Test
    void aSmallEdnsSizeIsRaisedTo512AndTheUpstreamsOptIsReplacedByOurs() throws Exception {
        Message query = query(new OPTRecord(100, 0, 0));
        Message answer = response(query);
        answer.addRecord(new ARecord(NAME, DClass.IN, 60, InetAddress.getByName("192.0.2.1")), Section.ANSWER);
        answer.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        Message reply = new Message(ResponseEncoder.encode(query, answer, Transport.UDP));
        assertThat(reply.getSection(Section.ANSWER)).hasSize(1);
        assertThat(reply.getSection(Section.ADDITIONAL)).singleElement()
                .satisfies(opt -> assertThat(((OPTRecord) opt).getPayloadSize()).isEqualTo(1232));
        assertThat(ResponseEncoder.udpLimit(new OPTRecord(100, 0, 0))).isEqualTo(512);
        assertThat(ResponseEncoder.udpLimit(new OPTRecord(65000, 0, 0))).isEqualTo(1232);
    }

    @Test
    void noOptGoesBackToAClientThatSentNone() throws Exception {
        Message query = query(null);
        Message answer = response(query);
        answer.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        assertThat(new Message(ResponseEncoder.encode(query, answer, Transport.UDP)).getOPT()).isNull();
    }

    private static Message query(OPTRecord opt) {
        Message query = Message.newQuery(Record.newRecord(NAME, Type.TXT, DClass.IN));
        if (opt != null) {
            query.addRecord(opt, Section.ADDITIONAL);
        }
        return query;
    }

    private static Message bigAnswer(Message query) {
        Message answer = response(query);
        for (int i = 0; i < 6; i++) {
            answer.addRecord(new TXTRecord(NAME, DClass.IN, 60, "x".repeat(150) + i), Section.ANSWER);
        }
        return answer;
    }

    private static Message response(Message query) {
        Message answer = new Message(12345);
        answer.getHeader().setFlag(Flags.QR);
        answer.addRecord(query.getQuestion(), Section.QUESTION);
        return answer;
    }
}
