package io.clustergateway.gateway.bgp;

import io.clustergateway.gateway.model.EffectiveCluster;

/** Whether this gateway can reach a cluster now: its {@code via} next hop and at least one of its DNS servers. */
public interface PathProbe {
    ProbeResult probe(EffectiveCluster cluster);
}
