package io.clustergateway.dns;

import java.util.Map;

/**
 * A snapshot of the query counters.
 *
 * @param queriesByRouteAndRcode route label → rcode name ("NOERROR") → count
 */
public record DnsCounters(Map<String, Map<String, Long>> queriesByRouteAndRcode, long cacheHits, long cacheMisses,
                          long staleAnswers) {
    public DnsCounters {
        queriesByRouteAndRcode = Map.copyOf(queriesByRouteAndRcode);
    }
}
