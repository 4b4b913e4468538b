package io.clustergateway.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole {@code gateway.*} configuration; docs/configuration.md describes every key (ConfigurationDocTest checks).
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

    Http http();

    Bgp bgp();

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

        /**
         * Estimated memory of the cached answers, bookkeeping included ({@code 48M}, {@code 512K}, {@code 1G}); large
         * answers reach it before max-entries. A string: {@link ConfigValidator} reports a bad value by key.
         */
        @WithDefault("48M")
        String maxBytes();

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

    interface Http {
        /**
         * Allowed to use the HTTP surface besides the clients DNS answers (loopback, office CIDRs, cluster CIDRs,
         * dns.allow-from) and this host's own addresses.
         */
        Optional<List<String>> allowFrom();
    }

    interface Routes {
        @WithDefault("false")
        boolean manageKernel();

        @WithDefault("true")
        boolean summarize();
    }

    /**
     * Announcing the clusters (and an anycast DNS address) over BGP; checked by
     * {@link io.clustergateway.gateway.bgp.BgpConfigValidator}. Numbers and addresses are strings so that a bad
     * one is reported with its key.
     */
    interface Bgp {
        @WithDefault("false")
        boolean enabled();

        Optional<String> localAs();

        /** Absent: the node address. */
        Optional<String> routerId();

        @WithDefault("3s")
        Duration holdTime();

        Optional<List<BgpNeighbor>> neighbors();

        /** Put on lo, served by the DNS listener, announced as /32 while this gateway's DNS is serving. */
        Optional<String> dnsAddress();

        @WithDefault("true")
        boolean bfd();

        /** The BIRD 2 daemon: a name on PATH or a path. */
        @WithDefault("bird")
        String bird();

        @WithDefault("birdc")
        String birdc();

        /** BIRD's config, control socket and pid file; absent: a fresh directory per run under java.io.tmpdir. */
        Optional<String> stateDir();
    }

    interface BgpNeighbor {
        Optional<String> address();

        Optional<String> remoteAs();
    }

    /** The values {@code gateway.nat.backend} accepts; SmallRye matches them case-insensitively ("nftables"). */
    enum NatBackendName {
        NONE,
        NFTABLES,
        IPTABLES
    }
}
