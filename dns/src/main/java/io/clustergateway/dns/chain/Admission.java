package io.clustergateway.dns.chain;

import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * Lets only well-formed standard queries through: malformed → FORMERR, responses → dropped (they would
 * start ping-pong loops), an EDNS version above 0 → BADVERS (RFC 6891 6.1.3), other opcodes → NOTIMP, not exactly
 * one question → FORMERR.
 */
public final class Admission implements QueryHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);
    /** The only EDNS version there is, and the one we speak. */
    private static final int EDNS_VERSION = 0;

    private final QueryHandler next;

    public Admission(QueryHandler next) {
        this.next = next;
    }

    @Override
    public CompletableFuture<Message> handle(Query query) {
        Message message = query.message();
        Header header = message.getHeader();
        if (header.getFlag(Flags.QR)) {
            return Replies.none();
        }
        if (query.isMalformed()) {
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
        if (header.getCount(Section.QUESTION) != 1) {
            return Replies.errorNow(message, Rcode.FORMERR);
        }
        return next.handle(query);
    }
}
