package io.clustergateway.dns;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What happened to one query, for the explain endpoint.
 *
 * @param route      "alias:old", "shared:cluster.local", "reverse:old" or "upstream"
 * @param tried      pools asked, in order ("cluster:new", "cluster:old")
 * @param answeredBy "pool@ip:port" or "cache"; empty when nobody answered
 * @param rcode      as dig prints it, e.g. "NOERROR"
 * @param answers    answer records as dig prints them
 * @param failure    the pool that failed the query and why ("cluster:new: no answer ... timed out"); empty when
 *                   no pool failed
 */
public record Explanation(String name, String type, String route, List<String> tried, Optional<String> answeredBy,
                          String rcode, List<String> answers, Optional<String> failure, Duration took) {
    public Explanation {
        tried = List.copyOf(tried);
        answers = List.copyOf(answers);
    }
}
