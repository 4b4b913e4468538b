package io.clustergateway.dns.server;

import io.clustergateway.dns.chain.Transport;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns an answer into the bytes the client gets: the client's ID, flags and question, our own OPT only when
 * the client sent one, and TC with just header and question when it does not fit the client's UDP size.
 */
public final class ResponseEncoder {
    /** Our EDNS0 UDP payload size (DNS flag day 2020), advertised and used as the cap for clients. */
    public static final int EDNS_UDP_SIZE = 1232;
    static final int PLAIN_UDP_SIZE = 512;
    static final int TCP_MAX = 65535;

    private ResponseEncoder() {}

    public static byte[] encode(Message query, Message answer, Transport transport) {
        OPTRecord clientOpt = query.getOPT();
        Message reply = build(query, answer, clientOpt, false);
        byte[] wire = reply.toWire();
        int limit = transport == Transport.TCP ? TCP_MAX : udpLimit(clientOpt);
        if (wire.length <= limit) {
            return wire;
        }
        return build(query, answer, clientOpt, true).toWire();
    }

    static int udpLimit(OPTRecord clientOpt) {
        if (clientOpt == null) {
            return PLAIN_UDP_SIZE;
        }
        return Math.min(Math.max(clientOpt.getPayloadSize(), PLAIN_UDP_SIZE), EDNS_UDP_SIZE);
    }

    private static Message build(Message query, Message answer, OPTRecord clientOpt, boolean truncated) {
        Header asked = query.getHeader();
        Header got = answer.getHeader();
        Message reply = new Message(asked.getID());
        Header header = reply.getHeader();
        header.setFlag(Flags.QR);
        header.setOpcode(asked.getOpcode());
        copy(asked, header, Flags.RD);
        copy(asked, header, Flags.CD);
        copy(got, header, Flags.AA);
        copy(got, header, Flags.AD);
        header.setFlag(Flags.RA);
        int rcode = answer.getRcode();
        if (rcode > 0xF && clientOpt == null) {
            rcode = Rcode.SERVFAIL; // an extended rcode cannot be said without EDNS
        }
        header.setRcode(rcode & 0xF);
        Record question = query.getQuestion();
        if (question != null) {
            reply.addRecord(question, Section.QUESTION);
        }
        if (truncated) {
            header.setFlag(Flags.TC);
        } else {
            for (int section = Section.ANSWER; section <= Section.ADDITIONAL; section++) {
                for (Record record : answer.getSection(section)) {
                    if (record.getType() != Type.OPT) {
                        reply.addRecord(record, section);
                    }
                }
            }
        }
        if (clientOpt != null) {
            int flags = clientOpt.getFlags() & ExtendedFlags.DO;
            reply.addRecord(new OPTRecord(EDNS_UDP_SIZE, rcode >>> 4, 0, flags), Section.ADDITIONAL);
        }
        return reply;
    }

    private static void copy(Header from, Header to, int flag) {
        if (from.getFlag(flag)) {
            to.setFlag(flag);
        }
    }
}
