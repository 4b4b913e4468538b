package io.clustergateway.dns.chain;

import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Answers we make up ourselves: an rcode, the client's ID, opcode and question, nothing else. */
public final class Replies {
    private static final CompletableFuture<Message> NO_REPLY = CompletableFuture.completedFuture(null);

    private Replies() {}

    public static Message error(Message query, int rcode) {
        Header asked = query.getHeader();
        Message reply = new Message(asked.getID());
        Header header = reply.getHeader();
        header.setFlag(Flags.QR);
        header.setOpcode(asked.getOpcode());
        header.setRcode(rcode);
        if (asked.getFlag(Flags.RD)) {
            header.setFlag(Flags.RD);
        }
        header.setFlag(Flags.RA);
        Record question = query.getQuestion();
        if (question != null) {
            reply.addRecord(question, Section.QUESTION);
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
