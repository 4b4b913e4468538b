package io.clustergateway.dns.cache;

import java.util.Optional;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Reads the CNAME chain of an answer. A cluster's DNS follows CNAMEs inside its own zone but answers a CNAME out
 * of it (an ExternalName Service) alone: such an answer ends in a name nobody has answered yet, which the
 * resolver must chase (and which a cache must not hand out as it is).
 */
public final class CnameChain {
    private CnameChain() {}

    /**
     * The name the answer's CNAME chain ends in when that name has no record of the asked type in the answer: what
     * is left to resolve. Empty when the answer is complete, negative, not NOERROR, or the question asked for the
     * CNAME itself (or ANY).
     */
    public static Optional<Name> unansweredTarget(Message answer) {
        Record question = answer.getQuestion();
        if (question == null || answer.getRcode() != Rcode.NOERROR) {
            return Optional.empty();
        }
        int type = question.getType();
        if (type == Type.CNAME || type == Type.ANY) {
            return Optional.empty();
        }
        Name current = question.getName();
        boolean followed = false;
        // a chain longer than the answer has records is a loop inside the answer: stop there
        for (int hop = 0; hop <= answer.getSection(Section.ANSWER).size(); hop++) {
            Name next = null;
            for (Record record : answer.getSection(Section.ANSWER)) {
                if (!record.getName().equals(current)) {
                    continue;
                }
                if (record.getType() == type) {
                    return Optional.empty();
                }
                if (record instanceof CNAMERecord cname) {
                    next = cname.getTarget();
                }
            }
            if (next == null) {
                return followed ? Optional.of(current) : Optional.empty();
            }
            current = next;
            followed = true;
        }
        return Optional.of(current);
    }
}
