package io.clustergateway.dns.server;

import io.clustergateway.dns.chain.PlainQuery;
import io.clustergateway.dns.chain.Replies;
import io.clustergateway.dns.chain.Transport;
import io.clustergateway.dns.wire.Wire;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.EDNSOption;
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
 * The answer is consumed: every answer reaching here is the query's own copy (the cache hands each caller a
 * fresh message), so it is reshaped in place rather than copied once more on the hot path.
 */
public final class ResponseEncoder {
    /** Our EDNS0 UDP payload size (DNS flag day 2020), advertised and used as the cap for clients. */

    private ResponseEncoder() {}

    public static byte[] encode(Message query, Message answer, Transport transport) {
        OPTRecord clientOpt = query.getOPT();
        if (answer.getHeader().getFlag(Flags.TC)) {
            return encodeUpstreamTruncated(query, answer, clientOpt, transport);
        }
        int rcode = answer.getRcode();
        byte[] wire = reshape(query, answer, clientOpt, rcode).toWire();
        int limit = transport == Transport.TCP ? Wire.MAX_MESSAGE : udpLimit(clientOpt);
        if (wire.length <= limit) {
            return wire;
        }
        return truncated(query, answer, clientOpt, rcode).toWire();
    }

    /**
     * The upstream truncated and our own TCP retry failed. Passing the empty NOERROR on without TC would tell the
     * client "no such record" (a false NODATA it caches): a UDP client gets TC and asks again over TCP; over
     * TCP there is nothing better to give than SERVFAIL.
     */
    private static byte[] encodeUpstreamTruncated(Message query, Message answer, OPTRecord clientOpt,
                                                  Transport transport) {
        if (transport == Transport.UDP) {
            return truncated(query, answer, clientOpt, answer.getRcode()).toWire();
        }
        Message servfail = Replies.error(query, Rcode.SERVFAIL);
        return reshape(query, servfail, clientOpt, Rcode.SERVFAIL).toWire();
    }

    /** How long a cached answer may be for {@code query} to take it whole over UDP, before our OPT is added. */
    static int cachedRoom(PlainQuery query) {
        int limit = Wire.udpLimit(query.hasOpt(), query.udpPayloadSize());
        return query.hasOpt() ? limit - Wire.OPT_LENGTH : limit;
    }

    /**
     * A cached answer (client's ID, RD and question already patched in, no OPT) shaped as {@link #encode} shapes the
     * parsed one: QR and RA set, opcode QUERY, TC clear, CD as asked, AA, AD and the rcode kept, and our OPT (our
     * size, the client's DO bit) appended when the client sent one. The caller made sure it fits.
     */
    static byte[] cachedForClient(byte[] cached, PlainQuery query) {
        byte[] out = query.hasOpt() ? Arrays.copyOf(cached, cached.length + Wire.OPT_LENGTH) : cached;
        out[2] = (byte) (0x80 | (out[2] & 0x04) | (query.recursionDesired() ? 0x01 : 0)); // QR, AA kept, RD
        out[3] = (byte) (0x80 | (out[3] & 0x6F) | (query.checkingDisabled() ? 0x10 : 0)); // RA, Z/AD/rcode kept, CD
        if (query.hasOpt()) {
            Wire.putU16(out, 10, Wire.u16(out, 10) + 1);
            int at = cached.length;
            out[at] = 0; // root
            out[at + 1] = (byte) (Type.OPT >>> 8);
            out[at + 2] = (byte) Type.OPT;
            Wire.putU16(out, at + 3, Wire.EDNS_UDP_SIZE);
            // extended rcode 0 (a cached rcode fits the header), version 0, flags: DO as asked, RDLENGTH 0
            out[at + 7] = (byte) (query.dnssecOk() ? ExtendedFlags.DO >>> 8 : 0);
        }
        return out;
    }

    static int udpLimit(OPTRecord clientOpt) {
        return Wire.udpLimit(clientOpt != null, clientOpt == null ? 0 : clientOpt.getPayloadSize());
    }

    private static Message reshape(Message query, Message answer, OPTRecord clientOpt, int rcode) {
        Header asked = query.getHeader();
        Header header = answer.getHeader();
        header.setID(asked.getID());
        header.setOpcode(asked.getOpcode());
        header.setFlag(Flags.QR);
        header.setFlag(Flags.RA);
        header.unsetFlag(Flags.TC);
        mirror(asked, header, Flags.RD);
        mirror(asked, header, Flags.CD);
        header.setRcode(clientRcode(rcode, clientOpt) & 0xF);
        Record question = query.getQuestion();
        if (answer.getQuestion() != question) {
            answer.removeAllRecords(Section.QUESTION);
            if (question != null) {
                answer.addRecord(question, Section.QUESTION);
            }
        }
        OPTRecord upstreamOpt = answer.getOPT();
        List<EDNSOption> extendedErrors = List.of();
        if (upstreamOpt != null) {
            extendedErrors = Replies.extendedErrors(answer); // ours (the cache strips upstreams' OPT records)
            answer.removeRecord(upstreamOpt, Section.ADDITIONAL);
        }
        if (clientOpt != null) {
            answer.addRecord(ourOpt(clientOpt, rcode, extendedErrors), Section.ADDITIONAL);
        }
        return answer;
    }

    private static Message truncated(Message query, Message answer, OPTRecord clientOpt, int rcode) {
        Header asked = query.getHeader();
        Message reply = new Message(asked.getID());
        Header header = reply.getHeader();
        header.setFlag(Flags.QR);
        header.setFlag(Flags.RA);
        header.setFlag(Flags.TC);
        header.setOpcode(asked.getOpcode());
        copy(asked, header, Flags.RD);
        copy(asked, header, Flags.CD);
        copy(answer.getHeader(), header, Flags.AA);
        header.setRcode(clientRcode(rcode, clientOpt) & 0xF);
        Record question = query.getQuestion();
        if (question != null) {
            reply.addRecord(question, Section.QUESTION);
        }
        if (clientOpt != null) {
            reply.addRecord(ourOpt(clientOpt, rcode, List.of()), Section.ADDITIONAL);
        }
        return reply;
    }

    /** An extended rcode cannot be said without EDNS. */
    private static int clientRcode(int rcode, OPTRecord clientOpt) {
        return rcode > 0xF && clientOpt == null ? Rcode.SERVFAIL : rcode;
    }

    private static OPTRecord ourOpt(OPTRecord clientOpt, int rcode, List<EDNSOption> options) {
        return new OPTRecord(Wire.EDNS_UDP_SIZE, rcode >>> 4, 0, clientOpt.getFlags() & ExtendedFlags.DO, options);
    }

    private static void mirror(Header from, Header to, int flag) {
        if (from.getFlag(flag)) {
            to.setFlag(flag);
        } else {
            to.unsetFlag(flag);
        }
    }

    private static void copy(Header from, Header to, int flag) {
        if (from.getFlag(flag)) {
            to.setFlag(flag);
        }
    }
}
