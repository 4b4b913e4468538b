package io.clustergateway.dns.cache;

import io.clustergateway.dns.CacheSettings;
import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * How long an answer may be served from the cache.
 *
 * <p>Negative answers without an SOA in the authority section are not cached at all: RFC 2308 (section 5) says
 * they SHOULD NOT be cached, and they are rare enough that asking again costs nothing worth a guessed TTL.
 */
public record CacheLifetime(AnswerKind kind, long ttlSeconds) {
    static final CacheLifetime UNCACHEABLE = new CacheLifetime(AnswerKind.UNCACHEABLE, 0);

    public boolean cacheable() {
        return kind != AnswerKind.UNCACHEABLE;
    }

    public static CacheLifetime of(Message answer, CacheSettings settings) {
        if (answer.getHeader().getFlag(Flags.TC)) {
            return UNCACHEABLE;
        }
        int rcode = answer.getRcode();
        List<Record> records = answer.getSection(Section.ANSWER);
        if (rcode == Rcode.NOERROR && !records.isEmpty()) {
            return lifetime(AnswerKind.POSITIVE, minTtl(records), settings.maxTtl().toSeconds());
        }
        if (rcode == Rcode.NXDOMAIN || rcode == Rcode.NOERROR) {
            return negative(answer, records, settings.negativeMaxTtl().toSeconds());
        }
        return UNCACHEABLE;
    }

    /** RFC 2308 section 5: the SOA's own TTL, or its MINIMUM field when that is smaller. */
    private static CacheLifetime negative(Message answer, List<Record> records, long cap) {
        for (Record record : answer.getSection(Section.AUTHORITY)) {
            if (record instanceof SOARecord soa) {
                long ttl = Math.min(soa.getTTL(), soa.getMinimum());
                if (!records.isEmpty()) {
                    ttl = Math.min(ttl, minTtl(records)); // a CNAME chain ending in NXDOMAIN/NODATA
                }
                return lifetime(AnswerKind.NEGATIVE, ttl, cap);
            }
        }
        return UNCACHEABLE;
    }

    private static CacheLifetime lifetime(AnswerKind kind, long ttl, long cap) {
        long capped = Math.min(ttl, cap);
        return capped <= 0 ? UNCACHEABLE : new CacheLifetime(kind, capped);
    }

    private static long minTtl(List<Record> records) {
        long min = Long.MAX_VALUE;
        for (Record record : records) {
            min = Math.min(min, record.getTTL());
        }
        return min;
    }
}
