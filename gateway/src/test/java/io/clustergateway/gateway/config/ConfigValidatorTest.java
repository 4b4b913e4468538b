package io.clustergateway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Each bad configuration listed in docs/configuration.md ("What stops the start") produces its message naming key and value, and all problems of one
 * configuration come in one report. Configuration is mapped by SmallRye exactly as at start.
 */
class ConfigValidatorTest {

    /**
     * The two-cluster office of the README, except new's pod CIDR: the contract's 10.100.0.0/16 lies inside old's
     * service CIDR 10.96.0.0/12 (10.96.0.0-10.111.255.255), which this validator rightly rejects.
     */
    private static Map<String, String> office() {
        Map<String, String> p = new HashMap<>();
        p.put("gateway.node-address", "192.168.1.109");
        p.put("gateway.dns.listen[0]", "0.0.0.0:53");
        p.put("gateway.dns.upstreams[0]", "61.139.2.69");
        p.put("gateway.dns.upstreams[1]", "202.106.0.20:53");
        p.put("gateway.offices.hq.cidrs[0]", "10.1.3.0/24");
        p.put("gateway.clusters.old.priority", "20");
        p.put("gateway.clusters.old.dns[0]", "10.96.0.10");
        p.put("gateway.clusters.old.pod-cidrs[0]", "10.200.0.0/16");
        p.put("gateway.clusters.old.service-cidrs[0]", "10.96.0.0/12");
        p.put("gateway.clusters.old.via", "192.168.1.10");
        p.put("gateway.clusters.new.priority", "10");
        p.put("gateway.clusters.new.dns[0]", "10.254.0.10");
        p.put("gateway.clusters.new.pod-cidrs[0]", "10.244.0.0/16");
        p.put("gateway.clusters.new.service-cidrs[0]", "10.254.0.0/16");
        return p;
    }

    private static final HostNetwork HOST = host(List.of(new InetSocketAddress("10.255.255.53", 53)));

    /**
     * The addresses assigned to the fake host's interfaces: lo's 127.0.0.1 and ::1, eth0's 192.0.2.2. As on a real
     * host, the rest of 127.0.0.0/8 (systemd-resolved's 127.0.0.53) is routed to lo but not assigned.
     */
    private static final Set<InetAddress> ASSIGNED = Set.of(InetAddresses.of("127.0.0.1"), InetAddresses.of("::1"),
            InetAddresses.of("192.0.2.2"));

    private static HostNetwork host(List<InetSocketAddress> resolvConf) {
        return new HostNetwork() {
            @Override
            public List<InetSocketAddress> resolvConfNameservers() {
                return resolvConf;
            }

            @Override
            public InetAddress primaryIpv4() {
                return InetAddresses.of("192.0.2.2");
            }

            @Override
            public boolean isLocal(InetAddress address) {
                return address.isAnyLocalAddress() || ASSIGNED.contains(address);
            }
        };
    }

    static GatewayConfig map(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(GatewayConfig.class)
                // "30s" style durations, as Quarkus converts them at start
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(GatewayConfig.class);
    }

    private static GatewaySettings validate(Map<String, String> properties) {
        return new ConfigValidator(HOST).validate(map(properties));
    }

    private static String report(Map<String, String> properties) {
        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
                () -> validate(properties));
        assertThat(e).as("configuration should be rejected: %s", properties).isNotNull();
        return e.getMessage();
    }

    private static Map<String, String> with(String... keyValues) {
        Map<String, String> p = office();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                p.remove(keyValues[i]);
            } else {
                p.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return p;
    }

    @Test
    void theDesignOfficeIsValidAndDefaultsAreApplied() {
        GatewaySettings settings = validate(office());

        assertThat(settings.node().address().getHostAddress()).isEqualTo("192.168.1.109");
        assertThat(settings.clusters()).extracting(ClusterSettings::name).containsExactly("new", "old");
        ClusterSettings old = settings.clusters().get(1);
        assertThat(old.alias()).hasToString("old.cluster.local.");
        assertThat(old.domain()).hasToString("cluster.local.");
        assertThat(old.dns()).hasValueSatisfying(dns -> assertThat(dns).containsExactly(new InetSocketAddress("10.96.0.10", 53)));
        assertThat(old.via()).map(InetAddress::getHostAddress).contains("192.168.1.10");
        assertThat(settings.dns().upstreams()).containsExactly(new InetSocketAddress("61.139.2.69", 53),
                new InetSocketAddress("202.106.0.20", 53));
        assertThat(settings.dns().upstreamsSource()).isEqualTo("gateway.dns.upstreams");
    }

    @Test
    void embeddedDefaultTakesUpstreamsFromResolvConfAndThePrimaryAddress() {
        GatewaySettings settings = new ConfigValidator(HOST).validate(map(Map.of()));

        assertThat(settings.dns().listen()).containsExactly(new InetSocketAddress("127.0.0.1", 1053));
        assertThat(settings.dns().upstreams()).containsExactly(new InetSocketAddress("10.255.255.53", 53));
        assertThat(settings.dns().upstreamsSource()).isEqualTo("/etc/resolv.conf");
        assertThat(settings.node().address().getHostAddress()).isEqualTo("192.0.2.2");
        assertThat(settings.clusters()).isEmpty();
    }

    @Test
    void anEmptyResolvConfStopsTheStartWithWhatToSet() {
        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
                () -> new ConfigValidator(host(List.of())).validate(map(Map.of())));

        assertThat(e.getMessage()).contains(
                "no upstream: /etc/resolv.conf has no nameserver; set gateway.dns.upstreams");
    }

    @Test
    void aResolvConfNamingOnlyThisGatewayIsALoopNotAnUpstream() {
        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
                () -> new ConfigValidator(host(List.of(new InetSocketAddress("127.0.0.1", 53))))
                        .validate(map(Map.of("gateway.dns.listen[0]", "0.0.0.0:53"))));

        assertThat(e.getMessage()).contains("/etc/resolv.conf names only this gateway");
    }

    @Test
    void unparsableCidrNamesKeyWithIndexAndValue() {
        assertThat(report(with("gateway.clusters.old.pod-cidrs[0]", "10.200.0.0/33")))
                .contains("gateway.clusters.old.pod-cidrs[0]=10.200.0.0/33");
        assertThat(report(with("gateway.offices.hq.cidrs[0]", "10.1.3.7/24")))
                .contains("gateway.offices.hq.cidrs[0]=10.1.3.7/24: host bits set in 10.1.3.7/24; did you mean 10.1.3.0/24?");
    }

    @Test
    void officeOverlappingAClusterNamesBothSides() {
        assertThat(report(with("gateway.offices.hq.cidrs[0]", "10.200.5.0/24")))
                .contains("gateway.clusters.old.pod-cidrs=10.200.0.0/16")
                .contains("gateway.offices.hq.cidrs 10.200.5.0/24");
    }

    @Test
    void twoClustersWithOverlappingCidrs() {
        assertThat(report(with("gateway.clusters.new.pod-cidrs[0]", "10.200.128.0/17")))
                .contains("gateway.clusters.old.pod-cidrs=10.200.0.0/16")
                .contains("gateway.clusters.new.pod-cidrs 10.200.128.0/17");
    }

    @Test
    void aliasMustBeANameOnlyThatClusterServes() {
        assertThat(report(with("gateway.clusters.old.alias", "cluster.local")))
                .contains("gateway.clusters.old.alias=cluster.local: is the domain of cluster");
        assertThat(report(with("gateway.clusters.old.alias", "new.cluster.local")))
                .contains("gateway.clusters.old.alias=new.cluster.local: is also the alias of cluster new");
        assertThat(report(with("gateway.clusters.old.alias", "x.new.cluster.local")))
                .contains("gateway.clusters.old.alias=x.new.cluster.local: is under the alias new.cluster.local of cluster new");
        assertThat(report(with("gateway.clusters.new.domain", "svc.example", "gateway.clusters.old.alias", "old.svc.example")))
                .contains("gateway.clusters.old.alias=old.svc.example: is under a domain that only other clusters serve");
        assertThat(report(with("gateway.clusters.old.alias", "bad_name..local")))
                .contains("gateway.clusters.old.alias=bad_name..local: not a valid DNS name");
    }

    @Test
    void anAliasOutsideEveryDomainIsFine() {
        GatewaySettings settings = validate(with("gateway.clusters.old.alias", "legacy.example.internal"));
        assertThat(settings.clusters().get(1).alias()).hasToString("legacy.example.internal.");
    }

    @Test
    void upstreamThatIsOurOwnListenAddressIsAForwardingLoop() {
        assertThat(report(with("gateway.dns.upstreams[1]", "192.0.2.2")))
                .contains("gateway.dns.upstreams[1]=192.0.2.2:53: is this gateway's own listen address 0.0.0.0:53");
        assertThat(report(with("gateway.dns.listen[0]", "127.0.0.1:1053", "gateway.dns.upstreams[0]", "127.0.0.1:1053")))
                .contains("gateway.dns.upstreams[0]=127.0.0.1:1053: is this gateway's own listen address 127.0.0.1:1053");
    }

    @Test
    void underAWildcardListenALocalResolverThatIsNotAssignedToAnInterfaceIsNoLoop() {
        // systemd-resolved: 127.0.0.53 is inside lo's 127.0.0.0/8 but not assigned to lo, so the wildcard is not
        // bound there; the gateway may forward to it
        GatewaySettings settings = validate(with("gateway.dns.listen[0]", "0.0.0.0:53",
                "gateway.dns.upstreams[0]", "127.0.0.53", "gateway.dns.upstreams[1]", null));
        assertThat(settings.dns().upstreams()).containsExactly(new InetSocketAddress("127.0.0.53", 53));
        // 0.0.0.0 is bound as the IPv4 addresses only: a resolver on ::1 is somebody else
        validate(with("gateway.dns.upstreams[0]", "::1", "gateway.dns.upstreams[1]", null));

        assertThat(report(with("gateway.dns.upstreams[0]", "127.0.0.1:53")))
                .contains("gateway.dns.upstreams[0]=127.0.0.1:53: is this gateway's own listen address 0.0.0.0:53");
        assertThat(report(with("gateway.dns.listen[0]", "[::]:53", "gateway.dns.upstreams[0]", "::1")))
                .contains("gateway.dns.upstreams[0]=[0:0:0:0:0:0:0:1]:53: is this gateway's own listen address [0:0:0:0:0:0:0:0]:53");
    }

    @Test
    void thisHostJudgesLocalAsTheDnsListenerBindsAWildcard() throws Exception {
        HostNetwork system = HostNetwork.system();
        InetAddress resolved = InetAddresses.of("127.0.0.53");
        Assumptions.assumeTrue(java.net.NetworkInterface.getByInetAddress(resolved) == null,
                "127.0.0.53 is assigned to an interface of this host");

        assertThat(system.isLocal(InetAddresses.of("127.0.0.1"))).as("lo's address").isTrue();
        assertThat(system.isLocal(InetAddresses.of("0.0.0.0"))).as("the wildcard").isTrue();
        assertThat(system.isLocal(resolved)).as("routed to lo but not assigned").isFalse();
    }

    @Test
    void clusterWithoutDnsAndWithoutDiscovery() {
        assertThat(report(with("gateway.clusters.new.dns[0]", null)))
                .contains("gateway.clusters.new.dns=(absent): cluster new has no DNS server: set gateway.clusters.new.dns"
                        + " or enable discovery (gateway.clusters.new.kubernetes.enabled=true)");
        validate(with("gateway.clusters.new.dns[0]", null, "gateway.clusters.new.kubernetes.enabled", "true"));
    }

    @Test
    void badAddressesNameTheirKeys() {
        assertThat(report(with("gateway.dns.listen[0]", "0.0.0.0:99999")))
                .contains("gateway.dns.listen[0]=0.0.0.0:99999: port 99999 is outside 0-65535");
        assertThat(report(with("gateway.nat.snat-address", "192.168.1.300")))
                .contains("gateway.nat.snat-address=192.168.1.300: not an IP address");
        assertThat(report(with("gateway.clusters.old.dns[0]", "coredns.kube-system")))
                .contains("gateway.clusters.old.dns[0]=coredns.kube-system: not an IP address");
        assertThat(report(with("gateway.node-address", "gateway.office")))
                .contains("gateway.node-address=gateway.office: not an IP address");
    }

    @Test
    void everyProblemIsInOneReport() {
        String report = report(with(
                "gateway.clusters.old.pod-cidrs[0]", "10.200.0.0/33",
                "gateway.nat.snat-address", "nope",
                "gateway.clusters.new.dns[0]", null,
                "gateway.dns.upstreams[0]", "0.0.0.0:53"));

        assertThat(report).startsWith("invalid configuration (4 problems):")
                .contains("gateway.clusters.old.pod-cidrs[0]=10.200.0.0/33")
                .contains("gateway.nat.snat-address=nope")
                .contains("gateway.clusters.new.dns=(absent)")
                .contains("gateway.dns.upstreams[0]=0.0.0.0:53");
    }

    /** Literal parsing without a resolver, for readable fixtures. */
    static final class InetAddresses {
        static InetAddress of(String literal) {
            return Addresses.parseIp(literal);
        }
    }
}
