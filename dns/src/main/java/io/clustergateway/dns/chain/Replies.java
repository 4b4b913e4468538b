package io.clustergateway.dns.chain;

import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Answers we make up ourselves: an rcode, the client's ID, opcode and question, nothing else; an extended rcode
 * (above 15) also needs an OPT record to carry its upper bits.
 */
public final class Replies {
    private static final CompletableFuture<Message> NO_REPLY = CompletableFuture.completedFuture(null);
    /**
     * The UDP payload size in the OPT carrying an extended rcode: the size the server advertises (the server's
     * encoder puts its own OPT, with the same extended rcode, in place of this one on the way out).
     */
    static final int EDNS_UDP_SIZE = 1232;

    private Replies() {}

    /** @param rcode a header rcode, or an extended one (such as BADVERS) when the query carries an OPT record */
    public static Message error(Message query, int rcode) {
        Header asked = query.getHeader();
        Message reply = new Message(asked.getID());
        Header header = reply.getHeader();
        header.setFlag(Flags.QR);
        header.setOpcode(asked.getOpcode());
        header.setRcode(rcode & 0xF);
        if (asked.getFlag(Flags.RD)) {
            header.setFlag(Flags.RD);
        }
        header.setFlag(Flags.RA);
        Record question = query.getQuestion();
        if (question != null) {
            reply.addRecord(question, Section.QUESTION);
        }
        if (rcode > 0xF) {
            OPTRecord asker = query.getOPT();
            int dnssecOk = asker == null ? 0 : asker.getFlags() & ExtendedFlags.DO;
            reply.addRecord(new OPTRecord(EDNS_UDP_SIZE, rcode >>> 4, 0, dnssecOk), Section.ADDITIONAL);
        }
        return reply;
    }

    public static CompletableFuture<Message> errorNow(Message query, int rcode) {
        return CompletableFuture.completedFuture(error(query, rcode));
    }

    public static CompletableFuture<Message> none() {
        return NO_REPLY;
    }
}
