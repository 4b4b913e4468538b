package io.clustergateway.dns.route;

import io.clustergateway.dns.ClusterDns;
import java.util.List;
import org.xbill.DNS.Name;

/** Where one query name goes. {@link #label()} is what metrics and explain show. */
public sealed interface Route permits Route.Alias, Route.Shared, Route.Reverse, Route.Upstream {
    String label();

    /** Under a cluster's alias: only that cluster, with names rewritten between alias and domain. */
    record Alias(ClusterDns cluster, AliasRewriter rewriter, String label, String pool) implements Route {
        public static Alias of(ClusterDns cluster) {
            return new Alias(cluster, new AliasRewriter(cluster.alias(), cluster.domain()), "alias:" + cluster.name(),
                    poolOf(cluster));
        }
    }

    /** Under a domain that several clusters may serve: asked in priority order (lower first). */
    record Shared(Name domain, List<ClusterDns> clusters, String label, List<String> pools) implements Route {
        public static Shared of(Name domain, List<ClusterDns> clusters) {
            return new Shared(domain, List.copyOf(clusters), "shared:" + domain.toString(true).toLowerCase(),
                    clusters.stream().map(Route::poolOf).toList());
        }
    }

    /** A reverse name of an address inside one cluster's CIDRs. */
    /**
     * @param namesUnderAlias true when other clusters share this cluster's domain: a PTR target such as
     *                        {@code web.default.svc.cluster.local} would then resolve forward to whichever cluster
     *                        answers first, so the answer names {@code web.default.svc.old.cluster.local} instead
     */
    record Reverse(ClusterDns cluster, String label, String pool, boolean namesUnderAlias, AliasRewriter rewriter)
            implements Route {
        public static Reverse of(ClusterDns cluster, boolean domainShared) {
            boolean underAlias = domainShared && !cluster.alias().equals(cluster.domain());
            return new Reverse(cluster, "reverse:" + cluster.name(), poolOf(cluster), underAlias,
                    new AliasRewriter(cluster.alias(), cluster.domain()));
        }
    }

    /** Everything else: the default upstream resolvers. */
    record Upstream() implements Route {
        @Override
        public String label() {
            return "upstream";
        }
    }

    Upstream UPSTREAM = new Upstream();

    /** The name of the pool that forwards to a cluster's DNS: "cluster:&lt;name&gt;". */
    static String poolOf(ClusterDns cluster) {
        return "cluster:" + cluster.name();
    }
}
