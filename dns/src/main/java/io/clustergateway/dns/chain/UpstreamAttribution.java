package io.clustergateway.dns.chain;

import io.clustergateway.dns.forward.UpstreamPool;

/** Names who answered for a pool ("cluster:old@127.0.0.21:53"), for explain. */
@FunctionalInterface
public interface UpstreamAttribution {
    String lastAnswered(UpstreamPool pool);

    UpstreamAttribution POOL_NAME = UpstreamPool::name;
}
