package io.clustergateway.dns.chain;

import io.clustergateway.dns.forward.UpstreamPool;
import io.clustergateway.dns.route.RouteTable;
import java.util.Map;

/**
 * Everything a query needs that changes when routes are replaced, swapped as one value so a query never
 * sees a route table from one version and pools from another.
 *
 * @param pools by pool name: "cluster:&lt;name&gt;" and "upstream"
 */
public record Snapshot(RouteTable routes, AllowList allowList, Map<String, UpstreamPool> pools) {
    public static final String UPSTREAM_POOL = "upstream";

    public static String clusterPool(String cluster) {
        return "cluster:" + cluster;
    }

    public UpstreamPool pool(String name) {
        UpstreamPool pool = pools.get(name);
        if (pool == null) {
            throw new IllegalStateException("no pool " + name);
        }
        return pool;
    }
}
