package io.clustergateway.dns.chain;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Lets only well-formed standard queries from allowed clients through. Responses → dropped (they would start
 * ping-pong loops); a client outside the allow list → REFUSED, before anything else is judged, so a stranger learns
 * nothing about how its packet parsed; malformed, or OPT records against RFC 6891 6.1.1 (two, or one outside the
 * additional section) → FORMERR; an EDNS version above 0 → BADVERS (RFC 6891 6.1.3); other opcodes → NOTIMP; not
 * exactly one question → FORMERR; a zone transfer (AXFR, IXFR) → REFUSED, never forwarded: a forwarder has no zone
 * to give.
 */
public final class Admission implements QueryHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);
    /** The only EDNS version there is, and the one we speak. */
    private static final int EDNS_VERSION = 0;
    private static final AllowList LOOPBACK_ONLY = AllowList.of(List.of());

    private final Supplier<AllowList> allowList;
    private final QueryHandler next;

    /** Admits loopback clients only. */
    public Admission(QueryHandler next) {
        this(() -> LOOPBACK_ONLY, next);
    }

    /** @param allowList swapped with the routes */
    public Admission(Supplier<AllowList> allowList, QueryHandler next) {
        this.allowList = allowList;
        this.next = next;
    }

    @Override
    public CompletableFuture<Message> handle(Query query) {
        Message message = query.message();
        Header header = message.getHeader();
        if (header.getFlag(Flags.QR)) {
            return Replies.none();
        }
        if (!allowList.get().allows(query.client().getAddress())) {
            return Replies.errorNow(message, Rcode.REFUSED);
        }
        if (query.isMalformed() || hasMisplacedOpt(message)) {
            return Replies.errorNow(message, Rcode.FORMERR);
        }
        OPTRecord opt = message.getOPT();
        if (opt != null && opt.getVersion() > EDNS_VERSION) {
            LOG.debug("EDNS version {} from {}: BADVERS", opt.getVersion(), query.client());
            return Replies.errorNow(message, Rcode.BADVERS);
        }
        if (header.getOpcode() != Opcode.QUERY) {
            return Replies.errorNow(message, Rcode.NOTIMP);
        }
        // the parsed question, not only the header's count: dnsjava reads a message with TC set as far as its bytes
        // go, so a count of 1 may come with no question at all (found by AdmissionFuzzTest)
        if (header.getCount(Section.QUESTION) != 1 || message.getQuestion() == null) {
            return Replies.errorNow(message, Rcode.FORMERR);
        }
        int type = message.getQuestion().getType();
        if (type == Type.AXFR || type == Type.IXFR) {
            return Replies.errorNow(message, Rcode.REFUSED);
        }
        return next.handle(query);
    }

    /** More than one OPT record, or one outside the additional section (RFC 6891 6.1.1). */
    private static boolean hasMisplacedOpt(Message message) {
        int inAdditional = 0;
        for (Record record : message.getSection(Section.ADDITIONAL)) {
            inAdditional += record.getType() == Type.OPT ? 1 : 0;
        }
        return inAdditional > 1 || hasOpt(message, Section.ANSWER) || hasOpt(message, Section.AUTHORITY);
    }

    private static boolean hasOpt(Message message, int section) {
        return message.getSection(section).stream().anyMatch(record -> record.getType() == Type.OPT);
    }
}
