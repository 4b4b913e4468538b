package io.clustergateway.dns.forward;

import java.security.SecureRandom;
import java.util.Random;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * What goes upstream for a client query: its question and RD/CD/AD flags, our own OPT (our buffer size, the
 * client's DO bit) in place of the client's, encoded once; each try gets a fresh random ID patched in.
 */
final class ForwardedQuery {
    /** Query IDs are the main defence against off-path spoofing (RFC 5452): unpredictable, not a counter. */
    private static final ThreadLocal<Random> IDS = ThreadLocal.withInitial(SecureRandom::new);

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
        Message forwarded = new Message(0);
        for (int flag : new int[] {Flags.RD, Flags.CD, Flags.AD}) {
            if (clientQuery.getHeader().getFlag(flag)) {
                forwarded.getHeader().setFlag(flag);
            }
        }
        forwarded.addRecord(question, Section.QUESTION);
        if (ednsUdpSize > 0) {
            forwarded.addRecord(new OPTRecord(ednsUdpSize, 0, 0, dnssecOk(clientQuery) ? ExtendedFlags.DO : 0),
                    Section.ADDITIONAL);
        }
        return new ForwardedQuery(question, forwarded.toWire(), clientQuery, ednsUdpSize > 0);
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

    static int randomId() {
        return IDS.get().nextInt(0x10000);
    }

    /** The encoded query with {@code id} in its header. */
    byte[] withId(int id) {
        byte[] copy = wire.clone();
        copy[0] = (byte) (id >>> 8);
        copy[1] = (byte) id;
        return copy;
    }
}
