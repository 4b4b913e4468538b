package io.clustergateway.dns.chain;

import io.clustergateway.dns.UpstreamFailure;
import io.clustergateway.dns.forward.UpstreamUnavailableException;
import io.clustergateway.dns.wire.Wire;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Answers we make up ourselves: an rcode, the client's ID, opcode and question, nothing else; an extended rcode
 * (above 15) also needs an OPT record to carry its upper bits.
 */
public final class Replies {
    private static final CompletableFuture<Message> NO_REPLY = CompletableFuture.completedFuture(null);
    /** EXTRA-TEXT is for a human: a line, not a packet's worth. */
    private static final int MAX_TEXT = 200;

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
            reply.addRecord(new OPTRecord(Wire.EDNS_UDP_SIZE, rcode >>> 4, 0, dnssecOk), Section.ADDITIONAL);
        }
        return reply;
    }

    /**
     * SERVFAIL for a query no pool could answer, saying why in an Extended DNS Error (RFC 8914) when the client
     * sent EDNS: No Reachable Authority when the servers stayed silent or refused, Network Error when the network
     * could not reach them; the error's message as EXTRA-TEXT.
     */
    public static Message servfail(Message query, Throwable why) {
        Throwable cause = why;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        UpstreamFailure failure = cause instanceof UpstreamUnavailableException unavailable
                ? unavailable.failure() : UpstreamFailure.of(cause);
        String text = cause.getMessage() != null ? cause.getMessage() : failure.word();
        return withExtendedError(error(query, Rcode.SERVFAIL), query, extendedError(failure), text);
    }

    /** SERVFAIL with an Extended DNS Error when the client sent EDNS. */
    public static Message servfail(Message query, int extendedError, String text) {
        return withExtendedError(error(query, Rcode.SERVFAIL), query, extendedError, text);
    }

    static int extendedError(UpstreamFailure failure) {
        return failure == UpstreamFailure.UNREACHABLE
                ? ExtendedErrorCodeOption.NETWORK_ERROR : ExtendedErrorCodeOption.NO_REACHABLE_AUTHORITY;
    }

    /**
     * {@code answer} with an Extended DNS Error in its OPT record when the client sent EDNS (RFC 8914 section 3:
     * only then); the server's encoder carries it into the OPT it writes. Without EDNS the answer is unchanged.
     */
    public static Message withExtendedError(Message answer, Message query, int code, String text) {
        OPTRecord asker = query.getOPT();
        if (asker == null) {
            return answer;
        }
        OPTRecord present = answer.getOPT();
        List<EDNSOption> options = new ArrayList<>();
        int extendedRcode = 0;
        if (present != null) {
            options.addAll(present.getOptions());
            extendedRcode = present.getExtendedRcode();
            answer.removeRecord(present, Section.ADDITIONAL);
        }
        options.add(new ExtendedErrorCodeOption(code, text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text));
        answer.addRecord(new OPTRecord(Wire.EDNS_UDP_SIZE, extendedRcode, 0, asker.getFlags() & ExtendedFlags.DO, options),
                Section.ADDITIONAL);
        return answer;
    }

    /** The Extended DNS Errors an answer carries (in its OPT record), to be passed on to the client. */
    public static List<EDNSOption> extendedErrors(Message answer) {
        OPTRecord opt = answer.getOPT();
        return opt == null ? List.of() : opt.getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR);
    }

    public static CompletableFuture<Message> errorNow(Message query, int rcode) {
        return CompletableFuture.completedFuture(error(query, rcode));
    }

    public static CompletableFuture<Message> none() {
        return NO_REPLY;
    }
}
