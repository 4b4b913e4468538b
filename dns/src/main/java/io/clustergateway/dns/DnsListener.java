package io.clustergateway.dns;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Observes the DNS server (the gateway implements it with Micrometer). Called on event-loop threads:
 * implementations must be quick and must not block.
 */
public interface DnsListener {
    /** One answered client query; {@code route} is a route label such as "alias:old" or "upstream". */
    default void onQuery(String route, int rcode, long nanos) {}

    default void onCache(boolean hit, boolean stale) {}

    default void onUpstream(String pool, InetSocketAddress upstream, long nanos, boolean ok) {}

    /**
     * An upstream went down ({@code healthy} false, with the failure that did it) or came back up: once per
     * transition, however many queries saw it.
     */
    default void onUpstreamHealth(String pool, InetSocketAddress upstream, boolean healthy,
                                  Optional<UpstreamFailure> why) {}

    DnsListener NOOP = new DnsListener() {};
}
