package io.clustergateway.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.dns.chain.PlainQuery;
import io.clustergateway.dns.chain.Transport;
import io.clustergateway.dns.wire.Wire;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The cache shortcut's reading of a query, and its answer compared with what the Message path sends. */
class PlainQueriesTest {
    private static final Name NAME = Name.fromConstantString("Svc-1.Default.svc.cluster.local.");

    private static Message query(OPTRecord opt) {
        Message query = Message.newQuery(Record.newRecord(NAME, Type.A, DClass.IN));
        query.getHeader().setID(4711);
        if (opt != null) {
            query.addRecord(opt, Section.ADDITIONAL);
        }
        return query;
    }

    private static PlainQuery parse(Message message) {
        return parse(message.toWire());
    }

    private static PlainQuery parse(byte[] wire) {
        return PlainQueries.parse(Unpooled.wrappedBuffer(wire));
    }

    @Test
    void readsIdFlagsQuestionAndOpt() {
        Message asked = query(new OPTRecord(4096, 0, 0, ExtendedFlags.DO));
        asked.getHeader().setFlag(Flags.CD);

        PlainQuery query = parse(asked);

        assertThat(query.id()).isEqualTo(4711);
        assertThat(query.recursionDesired()).isTrue();
        assertThat(query.checkingDisabled()).isTrue();
        assertThat(query.name()).hasToString("Svc-1.Default.svc.cluster.local.");
        assertThat(query.nameWire()).isEqualTo(NAME.toWire());
        assertThat(query.type()).isEqualTo(Type.A);
        assertThat(query.dclass()).isEqualTo(DClass.IN);
        assertThat(query.hasOpt()).isTrue();
        assertThat(query.udpPayloadSize()).isEqualTo(4096);
        assertThat(query.dnssecOk()).isTrue();
        assertThat(parse(query(null)).hasOpt()).isFalse();
    }

    @Test
    void leavesEverythingElseToTheChain() throws Exception {
        Message response = query(null);
        response.getHeader().setFlag(Flags.QR);
        Message notify = query(null);
        notify.getHeader().setOpcode(Opcode.NOTIFY);
        Message twoQuestions = query(null);
        twoQuestions.addRecord(Record.newRecord(Name.fromConstantString("b.example."), Type.A, DClass.IN),
                Section.QUESTION);
        Message withAnswer = query(null);
        withAnswer.addRecord(new ARecord(NAME, DClass.IN, 60, InetAddress.getLoopbackAddress()), Section.ANSWER);
        Message withOptions = query(new OPTRecord(1232, 0, 0, 0,
                java.util.List.of(new ClientSubnetOption(24, InetAddress.getByName("10.1.2.0")))));
        Message ednsVersion1 = query(new OPTRecord(1232, 0, 1, 0));
        byte[] trailing = java.util.Arrays.copyOf(query(null).toWire(), query(null).toWire().length + 1);
        byte[] cut = java.util.Arrays.copyOf(query(null).toWire(), 20);

        assertThat(parse(response)).isNull();
        assertThat(parse(notify)).isNull();
        assertThat(parse(twoQuestions)).isNull();
        assertThat(parse(withAnswer)).isNull();
        assertThat(parse(withOptions)).isNull();
        assertThat(parse(ednsVersion1)).as("EDNS version 1 gets BADVERS from the chain").isNull();
        assertThat(parse(trailing)).isNull();
        assertThat(parse(cut)).isNull();
        assertThat(parse(new byte[5])).isNull();
    }

    /** What the cache holds: the answer encoded without OPT, the client's ID, RD and spelling patched in. */
    private static byte[] cached(Message query, boolean authoritative, int rcode) throws Exception {
        Message answer = new Message(query.getHeader().getID());
        answer.getHeader().setFlag(Flags.QR);
        answer.getHeader().setFlag(Flags.RD);
        if (authoritative) {
            answer.getHeader().setFlag(Flags.AA);
        }
        answer.getHeader().setRcode(rcode);
        answer.addRecord(query.getQuestion(), Section.QUESTION);
        if (rcode == Rcode.NOERROR) {
            answer.addRecord(new ARecord(NAME, DClass.IN, 42, InetAddress.getByName("10.96.0.1")), Section.ANSWER);
            answer.addRecord(new AAAARecord(NAME, DClass.IN, 42, InetAddress.getByName("fd00::1")),
                    Section.ADDITIONAL);
        }
        return answer.toWire();
    }

    @Test
    void theCachedAnswerIsShapedExactlyAsTheMessagePathShapesIt() throws Exception {
        OPTRecord[] opts = {null, new OPTRecord(4096, 0, 0), new OPTRecord(1232, 0, 0, ExtendedFlags.DO)};
        for (OPTRecord opt : opts) {
            for (boolean cd : new boolean[] {false, true}) {
                for (boolean rd : new boolean[] {false, true}) {
                    for (int rcode : new int[] {Rcode.NOERROR, Rcode.NXDOMAIN}) {
                        Message asked = query(opt);
                        if (cd) {
                            asked.getHeader().setFlag(Flags.CD);
                        }
                        if (!rd) {
                            asked.getHeader().unsetFlag(Flags.RD);
                        }
                        byte[] cached = cached(asked, rcode == Rcode.NXDOMAIN, rcode);
                        byte[] viaMessage = ResponseEncoder.encode(asked, new Message(cached), Transport.UDP);

                        byte[] viaBytes = ResponseEncoder.cachedForClient(cached.clone(), parse(asked));

                        assertThat(new Message(viaBytes).toString())
                                .as("opt %s, cd %s, rd %s, rcode %s", opt, cd, rd, rcode)
                                .isEqualTo(new Message(viaMessage).toString());
                        assertThat(viaBytes.length).isLessThanOrEqualTo(ResponseEncoder.cachedRoom(parse(asked))
                                + (opt == null ? 0 : Wire.OPT_LENGTH));
                    }
                }
            }
        }
    }

    @Test
    void roomForACachedAnswerFollowsTheClientsBufferSize() {
        assertThat(ResponseEncoder.cachedRoom(parse(query(null)))).isEqualTo(512);
        assertThat(ResponseEncoder.cachedRoom(parse(query(new OPTRecord(100, 0, 0))))).isEqualTo(512 - 11);
        assertThat(ResponseEncoder.cachedRoom(parse(query(new OPTRecord(4096, 0, 0))))).isEqualTo(1232 - 11);
    }
}
