package io.clustergateway.dns.forward;

import io.clustergateway.dns.wire.Wire;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * What goes upstream for a client query: its question and RD/CD/AD flags, our own OPT (our buffer size, the
 * client's DO bit) in place of the client's, encoded once; each try gets a fresh random ID patched in.
 */
final class ForwardedQuery {
    private static final int[] FORWARDED_FLAGS = {Flags.RD, Flags.CD, Flags.AD};

    private final Record question;
    private final byte[] wire;
    private final Message clientQuery;
    private final boolean edns;

    private ForwardedQuery(Record question, byte[] wire, Message clientQuery, boolean edns) {
        this.question = question;
        this.wire = wire;
        this.clientQuery = clientQuery;
        this.edns = edns;
    }

    static ForwardedQuery of(Message clientQuery, int ednsUdpSize) {
        Record question = clientQuery.getQuestion();
        if (question == null) {
            throw new IllegalArgumentException("a forwarded query needs a question; got none");
        }
        return new ForwardedQuery(question, encode(clientQuery, question, ednsUdpSize), clientQuery, ednsUdpSize > 0);
    }

    /**
     * Header, question and our OPT written directly (what {@code Message.toWire()} would produce for them, without
     * building a message and a compression table per forwarded query). ID 0; {@link #withId} patches it.
     */
    private static byte[] encode(Message clientQuery, Record question, int ednsUdpSize) {
        byte[] name = question.getName().toWire();
        boolean edns = ednsUdpSize > 0;
        byte[] wire = new byte[Header.LENGTH + name.length + 4 + (edns ? Wire.OPT_LENGTH : 0)];
        Header header = clientQuery.getHeader();
        int flags = 0;
        for (int flag : FORWARDED_FLAGS) {
            if (header.getFlag(flag)) {
                flags |= 1 << (15 - flag);
            }
        }
        wire[2] = (byte) (flags >>> 8);
        wire[3] = (byte) flags;
        wire[5] = 1; // QDCOUNT
        wire[11] = (byte) (edns ? 1 : 0); // ARCOUNT
        int at = Header.LENGTH;
        System.arraycopy(name, 0, wire, at, name.length);
        at += name.length;
        at = putShort(wire, at, question.getType());
        at = putShort(wire, at, question.getDClass());
        if (edns) {
            wire[at++] = 0; // owner: the root
            at = putShort(wire, at, Type.OPT);
            at = putShort(wire, at, ednsUdpSize); // class: our UDP payload size
            wire[at++] = 0; // extended rcode
            wire[at++] = 0; // version
            at = putShort(wire, at, dnssecOk(clientQuery) ? ExtendedFlags.DO : 0);
            putShort(wire, at, 0); // no options
        }
        return wire;
    }

    private static int putShort(byte[] wire, int at, int value) {
        wire[at] = (byte) (value >>> 8);
        wire[at + 1] = (byte) value;
        return at + 2;
    }

    boolean hasEdns() {
        return edns;
    }

    /** The same query without OPT, for upstreams that answer FORMERR/NOTIMP to EDNS (RFC 6891 section 7). */
    ForwardedQuery withoutEdns() {
        return edns ? of(clientQuery, 0) : this;
    }

    /** `. IN NS`: any answer to it proves the upstream alive (CoreDNS forward's health check). */
    static ForwardedQuery probe() {
        return of(Message.newQuery(Record.newRecord(org.xbill.DNS.Name.root, org.xbill.DNS.Type.NS,
                org.xbill.DNS.DClass.IN)), 0);
    }

    static boolean dnssecOk(Message message) {
        OPTRecord opt = message.getOPT();
        return opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0;
    }

    Record question() {
        return question;
    }

    /** Query IDs are the main defence against off-path spoofing (RFC 5452): unpredictable, not a counter. */
    static int randomId() {
        return QueryIds.next();
    }

    /** The encoded query with {@code id} in its header. */
    byte[] withId(int id) {
        byte[] copy = wire.clone();
        copy[0] = (byte) (id >>> 8);
        copy[1] = (byte) id;
        return copy;
    }
}
