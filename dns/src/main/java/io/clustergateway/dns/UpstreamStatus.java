package io.clustergateway.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * Health of one upstream of one pool, as the forwarder sees it.
 *
 * @param pool                "cluster:&lt;name&gt;" or "upstream"
 * @param consecutiveFailures failures since the last success; the upstream is down above the pool's threshold
 * @param lastRtt             round trip of the last successful exchange, empty before the first one
 * @param lastFailure         why its last failure happened (it may have answered since), empty if it never failed
 */
public record UpstreamStatus(String pool, InetSocketAddress address, boolean healthy, int consecutiveFailures,
                             Optional<Duration> lastRtt, Optional<UpstreamFailure> lastFailure) {
}
