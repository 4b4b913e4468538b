package io.clustergateway.gateway.testsupport;

import io.clustergateway.testkit.Dnsmasq;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The README's two-cluster office on loopback: real dnsmasq processes stand in for the CoreDNS of cluster
 * {@code old} (127.0.0.21) and {@code new} (127.0.0.22), both serving {@code cluster.local}, and for the office
 * resolver (127.0.0.23). Started before Quarkus boots; the returned properties point the gateway at them.
 * Tests get this object injected into a field of type {@code DnsmasqClusters} (to kill and restart a server).
 *
 * <p>Without dnsmasq the gateway still boots (on dead loopback ports) and each test skips, or fails under
 * {@code gateway.e2e.required=true}, through {@link Requirements#requireDnsmasq()}.
 */
public class DnsmasqClusters implements QuarkusTestResourceLifecycleManager {
    public static final String OLD_WEB = "10.96.0.20";
    public static final String OLD_LEGACY = "10.96.0.30";
    public static final String NEW_WEB = "10.254.0.20";
    public static final String EXTERNAL = "192.0.2.80";

    private Dnsmasq old;
    private Dnsmasq fresh;
    private Dnsmasq upstream;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        if (Dnsmasq.binary().isPresent()) {
            try {
                old = Dnsmasq.builder("127.0.0.21").authoritativeFor("cluster.local").logQueries()
                        .host("web.default.svc.cluster.local", OLD_WEB)
                        .host("legacy.default.svc.cluster.local", OLD_LEGACY)
                        .srv("_http._tcp.web.default.svc.cluster.local", "web.default.svc.cluster.local", 80)
                        .ptr("20.0.96.10.in-addr.arpa", "web.default.svc.cluster.local")
                        .start();
                fresh = Dnsmasq.builder("127.0.0.22").authoritativeFor("cluster.local").logQueries()
                        .host("web.default.svc.cluster.local", NEW_WEB)
                        .start();
                upstream = Dnsmasq.builder("127.0.0.23").logQueries()
                        .host("www.example.com", EXTERNAL)
                        .start();
            } catch (IOException e) {
                stop();
                throw new UncheckedIOException(e);
            }
        }
        config.put("gateway.dns.upstreams[0]", upstream == null ? "127.0.0.23:9" : upstream.hostPort());
        config.put("gateway.offices.hq.cidrs[0]", "10.1.3.0/24");
        config.put("gateway.clusters.old.priority", "20");
        config.put("gateway.clusters.old.dns[0]", old == null ? "127.0.0.21:9" : old.hostPort());
        config.put("gateway.clusters.old.pod-cidrs[0]", "10.200.0.0/16");
        config.put("gateway.clusters.old.service-cidrs[0]", "10.96.0.0/12");
        config.put("gateway.clusters.new.priority", "10");
        config.put("gateway.clusters.new.dns[0]", fresh == null ? "127.0.0.22:9" : fresh.hostPort());
        config.put("gateway.clusters.new.pod-cidrs[0]", "10.244.0.0/16");
        config.put("gateway.clusters.new.service-cidrs[0]", "10.254.0.0/16");
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(this, new TestInjector.MatchesType(DnsmasqClusters.class));
    }

    @Override
    public void stop() {
        for (Dnsmasq server : new Dnsmasq[] {old, fresh, upstream}) {
            if (server != null) {
                server.close();
            }
        }
    }

    public Dnsmasq old() {
        return old;
    }

    public Dnsmasq fresh() {
        return fresh;
    }

    public Dnsmasq upstream() {
        return upstream;
    }
}
