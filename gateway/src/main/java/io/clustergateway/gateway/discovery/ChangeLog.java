package io.clustergateway.gateway.discovery;

import java.net.InetSocketAddress;
import org.jboss.logging.Logger;

/** One INFO line per discovered value that changed, e.g. "cluster old: pod CIDRs [10.200.0.0/16] from nodes". */
final class ChangeLog {

    private static final Logger LOG = Logger.getLogger(ClusterDiscovery.class);

    private ChangeLog() {}

    static void log(DiscoveredCluster previous, DiscoveredCluster next) {
        String cluster = next.cluster();
        if (!previous.dns().equals(next.dns())) {
            LOG.infof("cluster %s: CoreDNS %s", cluster, next.dns().map(ChangeLog::text).orElse("not found"));
        }
        if (!previous.podCidrs().equals(next.podCidrs()) || !previous.podCidrSource().equals(next.podCidrSource())) {
            LOG.infof("cluster %s: pod CIDRs %s%s", cluster, next.podCidrs(), from(next.podCidrSource()));
        }
        if (!previous.serviceCidrs().equals(next.serviceCidrs())
                || !previous.serviceCidrSource().equals(next.serviceCidrSource())) {
            LOG.infof("cluster %s: service CIDRs %s%s", cluster, next.serviceCidrs(), from(next.serviceCidrSource()));
        }
        if (previous.apiReachable() != next.apiReachable()) {
            if (next.apiReachable()) {
                LOG.infof("cluster %s: Kubernetes API reachable, watches established", cluster);
            } else {
                LOG.warnf("cluster %s: Kubernetes API unreachable%s; keeping the last known values", cluster,
                        next.error().map(e -> ": " + e).orElse(""));
            }
        }
    }

    private static String from(String source) {
        return source.isEmpty() ? " (none found)" : " from " + source;
    }

    static String text(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
