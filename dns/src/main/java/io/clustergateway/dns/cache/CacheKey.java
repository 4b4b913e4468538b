package io.clustergateway.dns.cache;

import java.util.Objects;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;

/**
 * What makes two queries share one cached answer: the route that answers them (the same name means different
 * things under different clusters), the question, and the DO/CD bits (they change what an upstream returns).
 *
 * @param route     the chain's route label, e.g. "alias:old", "shared:cluster.local", "upstream"
 * @param lowerName the question name, lower-cased
 */
public record CacheKey(String route, Name lowerName, int type, int dclass, boolean dnssecOk,
                       boolean checkingDisabled) {
    public CacheKey {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(lowerName, "lowerName");
    }

    public static CacheKey of(String route, Message query) {
        Record question = query.getQuestion();
        if (question == null) {
            throw new IllegalArgumentException("a cache key needs a question; the query has none");
        }
        OPTRecord opt = query.getOPT();
        boolean dnssecOk = opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0;
        return new CacheKey(route, question.getName().canonicalize(), question.getType(), question.getDClass(),
                dnssecOk, query.getHeader().getFlag(Flags.CD));
    }
}
