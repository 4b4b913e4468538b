package io.clustergateway.dns.cache;

/** How an upstream answer may be cached. */
public enum AnswerKind {
    /** Records for the question: kept for the smallest answer TTL, capped by max-ttl. */
    POSITIVE,
    /** NXDOMAIN or NODATA with an SOA: kept per RFC 2308, capped by negative-max-ttl. */
    NEGATIVE,
    /** Server failures, refusals, truncated answers, TTL 0, negative answers without SOA, referrals. */
    UNCACHEABLE
}
