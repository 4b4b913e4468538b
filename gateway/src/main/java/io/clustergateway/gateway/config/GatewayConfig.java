package io.clustergateway.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole {@code gateway.*} configuration, exactly the keys of DESIGN.md.
 *
 * <p>Values arrive as strings where a bad one must be reported by key and value (CIDRs, addresses):
 * conversion happens in {@link ConfigValidator}, which collects every problem before the start fails,
 * instead of stopping at the first converter exception.
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Next hop that office routers use; absent: this host's primary IPv4. */
    Optional<String> nodeAddress();

    Dns dns();

    Map<String, Office> offices();

    Map<String, Cluster> clusters();

    Nat nat();

    Routes routes();

    interface Dns {
        @WithDefault("127.0.0.1:1053")
        List<String> listen();

        /** Absent: the nameservers of /etc/resolv.conf. */
        Optional<List<String>> upstreams();

        /** Allowed besides loopback, office CIDRs and cluster CIDRs. */
        Optional<List<String>> allowFrom();

        /** The whole budget for one client query. */
        @WithDefault("2s")
        Duration timeout();

        Cache cache();

        /** Queries per second one client address may send before it is refused. */
        @WithDefault("2000")
        int rateLimit();
    }

    interface Cache {
        @WithDefault("100000")
        long maxEntries();

        @WithDefault("1h")
        Duration maxTtl();

        @WithDefault("30s")
        Duration negativeMaxTtl();

        @WithDefault("10m")
        Duration serveStale();
    }

    interface Office {
        List<String> cidrs();
    }

    interface Cluster {
        @WithDefault("cluster.local")
        String domain();

        /** Absent: {@code <name>.<domain>}. */
        Optional<String> alias();

        @WithDefault("100")
        int priority();

        /** CoreDNS address(es), ip[:port]; discovered when kubernetes.enabled. */
        Optional<List<String>> dns();

        Optional<List<String>> podCidrs();

        Optional<List<String>> serviceCidrs();

        /** Next hop from this node into the cluster. */
        Optional<String> via();

        Kubernetes kubernetes();
    }

    interface Kubernetes {
        @WithDefault("false")
        boolean enabled();

        /** Absent: the in-cluster service account. */
        Optional<String> kubeconfig();

        Optional<String> context();
    }

    interface Nat {
        @WithDefault("none")
        NatBackendName backend();

        Optional<String> snatAddress();

        @WithDefault("true")
        boolean bridgeClusters();

        @WithDefault("30s")
        Duration reconcileInterval();

        @WithDefault("false")
        boolean cleanupOnShutdown();
    }

    interface Routes {
        @WithDefault("false")
        boolean manageKernel();

        @WithDefault("true")
        boolean summarize();
    }

    /** The values {@code gateway.nat.backend} accepts; SmallRye matches them case-insensitively ("nftables"). */
    enum NatBackendName {
        NONE,
        NFTABLES,
        IPTABLES
    }
}
