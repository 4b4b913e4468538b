package io.clustergateway.gateway.config;

import io.clustergateway.dns.CacheSettings;
import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.ModelProblem;
import io.clustergateway.routing.NetworkModel;
import io.clustergateway.routing.Office;
import io.clustergateway.routing.nat.NatBackendKind;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Turns the raw {@link GatewayConfig} into {@link GatewaySettings}, collecting EVERY problem first so one failed
 * start shows all of them, each naming its key and value.
 */
public final class ConfigValidator {
    private static final int DNS_PORT = 53;

    private final HostNetwork host;

    public ConfigValidator(HostNetwork host) {
        this.host = host;
    }

    /** @throws InvalidConfigurationException listing every problem */
    public GatewaySettings validate(GatewayConfig config) {
        return validate(config, List.of());
    }

    /**
     * @param sourceProblems problems already found in where the configuration came from (a missing file, unknown
     *                       keys), reported first and together with the rest
     * @throws InvalidConfigurationException listing every problem
     */
    public GatewaySettings validate(GatewayConfig config, List<ModelProblem> sourceProblems) {
        Problems problems = new Problems();
        problems.addAll(sourceProblems);
        NodeSettings node = node(problems, config);
        DnsSettings dns = dns(problems, config.dns());
        List<Office> offices = offices(problems, config);
        List<ClusterSettings> clusters = clusters(problems, config, dns.listen());
        problems.addAll(new NetworkModel(offices, clusters.stream().map(ClusterSettings::configuredNetwork).toList())
                .validate());
        NatSettings nat = nat(problems, config.nat());
        RouteSettings routes = new RouteSettings(config.routes().manageKernel(), config.routes().summarize());
        HttpSettings http = new HttpSettings(parseAll(problems, "gateway.http.allow-from",
                config.http().allowFrom().orElse(List.of()), Cidr::parse));
        problems.throwIfAny();
        return new GatewaySettings(node, dns, offices, clusters, nat, routes, http);
    }

    private NodeSettings node(Problems problems, GatewayConfig config) {
        InetAddress address = config.nodeAddress()
                .map(text -> problems.parse("gateway.node-address", text, Addresses::parseIp))
                .orElseGet(host::primaryIpv4);
        return new NodeSettings(address, config.nodeAddress().isPresent());
    }

    private DnsSettings dns(Problems problems, GatewayConfig.Dns dns) {
        List<InetSocketAddress> listen = parseAll(problems, "gateway.dns.listen", dns.listen(),
                text -> Addresses.parseHostPort(text, DNS_PORT));
        if (dns.listen().isEmpty()) {
            problems.add("gateway.dns.listen", "[]", "at least one listen address is needed");
        }
        List<Cidr> allowFrom = parseAll(problems, "gateway.dns.allow-from", dns.allowFrom().orElse(List.of()), Cidr::parse);
        if (dns.timeout().isNegative() || dns.timeout().isZero()) {
            problems.add("gateway.dns.timeout", dns.timeout().toString(), "must be positive");
        }
        if (dns.rateLimit() < 0) {
            problems.add("gateway.dns.rate-limit", Integer.toString(dns.rateLimit()), "must be 0 (off) or positive");
        }
        // null after a parse problem: the value is never used then, the start fails at throwIfAny
        Long cacheBytes = problems.parse("gateway.dns.cache.max-bytes", dns.cache().maxBytes(), ConfigValidator::memorySize);
        if (dns.cache().maxEntries() < 0) {
            problems.add("gateway.dns.cache.max-entries", Long.toString(dns.cache().maxEntries()), "must be 0 or positive");
        }

        List<InetSocketAddress> upstreams;
        String upstreamsSource;
        if (dns.upstreams().isPresent()) {
            upstreamsSource = "gateway.dns.upstreams";
            upstreams = parseAll(problems, "gateway.dns.upstreams", dns.upstreams().get(),
                    text -> Addresses.parseHostPort(text, DNS_PORT));
            if (dns.upstreams().get().isEmpty()) {
                problems.add("gateway.dns.upstreams", "[]", "no upstream: names outside the clusters would have nowhere to go");
            }
            checkNoLoop(problems, "gateway.dns.upstreams", upstreams, listen);
        } else {
            upstreamsSource = "/etc/resolv.conf";
            upstreams = defaultUpstreams(problems, listen);
        }
        GatewayConfig.Cache cache = dns.cache();
        return new DnsSettings(listen, upstreams, upstreamsSource, allowFrom, dns.timeout(),
                new CacheSettings(cache.maxEntries(), cacheBytes == null ? 0 : cacheBytes, cache.maxTtl(), cache.negativeMaxTtl(),
                        cache.serveStale()),
                dns.rateLimit());
    }

    private static List<Office> offices(Problems problems, GatewayConfig config) {
        List<Office> offices = new ArrayList<>();
        new TreeMap<>(config.offices()).forEach((name, office) -> offices.add(new Office(name,
                parseAll(problems, "gateway.offices." + name + ".cidrs", office.cidrs(), Cidr::parse))));
        return offices;
    }

    private List<ClusterSettings> clusters(Problems problems, GatewayConfig config, List<InetSocketAddress> listen) {
        List<ClusterSettings> clusters = new ArrayList<>();
        new TreeMap<>(config.clusters()).forEach((name, cluster) ->
                clusters.add(cluster(problems, name, cluster, listen)));
        checkAliases(problems, clusters);
        return clusters;
    }

    private static NatSettings nat(Problems problems, GatewayConfig.Nat nat) {
        Optional<InetAddress> snat = nat.snatAddress()
                .map(text -> problems.parse("gateway.nat.snat-address", text, Addresses::parseIp));
        if (nat.reconcileInterval().isNegative() || nat.reconcileInterval().isZero()) {
            problems.add("gateway.nat.reconcile-interval", nat.reconcileInterval().toString(), "must be positive");
        }
        return new NatSettings(NatBackendKind.valueOf(nat.backend().name()), snat, nat.bridgeClusters(),
                nat.reconcileInterval(), nat.cleanupOnShutdown());
    }

    private List<InetSocketAddress> defaultUpstreams(Problems problems, List<InetSocketAddress> listen) {
        List<InetSocketAddress> fromFile = host.resolvConfNameservers();
        // a resolv.conf naming this gateway itself (e.g. 127.0.0.1 while we listen on 0.0.0.0:53) would be a
        // forwarding loop: those entries are dropped instead of failing, since the file is not ours to fix
        List<InetSocketAddress> usable = fromFile.stream().filter(server -> loopTarget(server, listen).isEmpty()).toList();
        if (fromFile.isEmpty()) {
            problems.add("gateway.dns.upstreams", "(absent)",
                    "no upstream: /etc/resolv.conf has no nameserver; set gateway.dns.upstreams");
        } else if (usable.isEmpty()) {
            problems.add("gateway.dns.upstreams", "(absent)", "no upstream: /etc/resolv.conf names only this gateway ("
                    + fromFile.stream().map(Addresses::format).toList() + "); set gateway.dns.upstreams");
        }
        return usable;
    }

    private ClusterSettings cluster(Problems problems, String name, GatewayConfig.Cluster cluster,
                                    List<InetSocketAddress> listen) {
        String key = "gateway.clusters." + name;
        Name domain = problems.parse(key + ".domain", cluster.domain(), ConfigValidator::absoluteName);
        String aliasText = cluster.alias().orElse(name + "." + cluster.domain());
        Name alias = problems.parse(key + ".alias", aliasText, ConfigValidator::absoluteName);
        List<InetSocketAddress> servers = parseAll(problems, key + ".dns", cluster.dns().orElse(List.of()),
                text -> Addresses.parseHostPort(text, DNS_PORT));
        checkNoLoop(problems, key + ".dns", servers, listen);
        boolean discovery = cluster.kubernetes().enabled();
        if (cluster.dns().map(List::isEmpty).orElse(true) && !discovery) {
            problems.add(key + ".dns", cluster.dns().map(Object::toString).orElse("(absent)"),
                    "cluster " + name + " has no DNS server: set " + key + ".dns or enable discovery ("
                            + key + ".kubernetes.enabled=true)");
        }
        Optional<List<Cidr>> pods = cluster.podCidrs()
                .map(texts -> parseAll(problems, key + ".pod-cidrs", texts, Cidr::parse));
        Optional<List<Cidr>> services = cluster.serviceCidrs()
                .map(texts -> parseAll(problems, key + ".service-cidrs", texts, Cidr::parse));
        Optional<InetAddress> via = cluster.via().map(text -> problems.parse(key + ".via", text, Addresses::parseIp));
        Optional<KubernetesSettings> kubernetes = discovery
                ? Optional.of(new KubernetesSettings(cluster.kubernetes().kubeconfig()
                        .map(text -> problems.parse(key + ".kubernetes.kubeconfig", text, Path::of)),
                        cluster.kubernetes().context()))
                : Optional.empty();
        return new ClusterSettings(name, domain == null ? Name.root : domain, alias == null ? Name.root : alias,
                cluster.priority(), cluster.dns().map(texts -> servers), pods, services, via, kubernetes);
    }

    /**
     * The alias rule. An alias is the name under which exactly one cluster answers, so it must be:
     * <ul>
     *   <li>a syntactically valid DNS name (checked when parsing);</li>
     *   <li>not equal to any cluster's domain: under a shared domain every cluster of that domain is asked in
     *       priority order, and an alias equal to it would silently take the whole zone for one cluster;</li>
     *   <li>not equal to, above or below another cluster's alias: two clusters cannot both own one name, and a
     *       nested alias would hand part of one cluster's private name space to another;</li>
     *   <li>not under a domain that only OTHER clusters serve (alias {@code old.svc.example} while only
     *       {@code new} serves {@code svc.example}): it would hide that part of their zone. Under a domain the
     *       cluster serves itself ({@code old.cluster.local}, the default) or outside every domain is fine.</li>
     * </ul>
     */
    private static void checkAliases(Problems problems, List<ClusterSettings> clusters) {
        for (ClusterSettings cluster : clusters) {
            if (cluster.alias().equals(Name.root)) {
                continue; // unparsable: already reported
            }
            String key = "gateway.clusters." + cluster.name() + ".alias";
            String value = stripDot(cluster.alias());
            for (ClusterSettings other : clusters) {
                if (cluster.alias().equals(other.domain())) {
                    problems.add(key, value, "is the domain of cluster " + other.name()
                            + "; an alias must be a name only this cluster serves, e.g. "
                            + cluster.name() + "." + stripDot(cluster.domain()));
                }
                if (other == cluster) {
                    continue;
                }
                if (other.alias().equals(cluster.alias())) {
                    if (cluster.name().compareTo(other.name()) > 0) {
                        problems.add(key, value, "is also the alias of cluster " + other.name());
                    }
                } else if (cluster.alias().subdomain(other.alias())) {
                    problems.add(key, value, "is under the alias " + stripDot(other.alias()) + " of cluster " + other.name());
                }
            }
            boolean underOthersOnlyDomain = clusters.stream()
                    .filter(other -> other != cluster && !other.domain().equals(Name.root)
                            && !other.domain().equals(cluster.domain()))
                    .anyMatch(other -> cluster.alias().subdomain(other.domain())
                            && !cluster.alias().subdomain(cluster.domain()));
            if (underOthersOnlyDomain) {
                problems.add(key, value, "is under a domain that only other clusters serve; cluster " + cluster.name()
                        + " could not answer there. Use a name under " + stripDot(cluster.domain())
                        + " or outside every cluster domain");
            }
        }
    }

    /**
     * An upstream that is one of our own listen addresses would forward every query back to ourselves.
     * A wildcard listener (0.0.0.0, ::) answers on every address assigned to this host of its family and port,
     * as the dns module binds it; see {@link HostNetwork#isLocal}.
     */
    private void checkNoLoop(Problems problems, String key, List<InetSocketAddress> servers, List<InetSocketAddress> listen) {
        for (int i = 0; i < servers.size(); i++) {
            InetSocketAddress server = servers.get(i);
            Optional<InetSocketAddress> own = loopTarget(server, listen);
            if (own.isPresent()) {
                problems.add(key + "[" + i + "]", Addresses.format(server), "is this gateway's own listen address "
                        + Addresses.format(own.get()) + " (gateway.dns.listen): forwarding there would loop");
            }
        }
    }

    private Optional<InetSocketAddress> loopTarget(InetSocketAddress server, List<InetSocketAddress> listen) {
        return listen.stream()
                .filter(l -> l.getPort() != 0 && l.getPort() == server.getPort())
                .filter(l -> l.getAddress().equals(server.getAddress())
                        || (l.getAddress().isAnyLocalAddress() && sameFamily(l.getAddress(), server.getAddress())
                            && host.isLocal(server.getAddress())))
                .findFirst();
    }

    /** 0.0.0.0 is bound as the IPv4 addresses only, :: as the IPv6 ones. */
    private static boolean sameFamily(InetAddress a, InetAddress b) {
        return (a instanceof Inet6Address) == (b instanceof Inet6Address);
    }

    static Name absoluteName(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty name");
        }
        String trimmed = text.strip();
        if (!trimmed.matches("(?i)[a-z0-9_]([a-z0-9_-]{0,62})?(\\.[a-z0-9_]([a-z0-9_-]{0,62})?)*\\.?")) {
            throw new IllegalArgumentException("not a valid DNS name (letters, digits, '-' and dots between labels)");
        }
        try {
            return Name.fromString(trimmed.endsWith(".") ? trimmed : trimmed + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a valid DNS name: " + e.getMessage());
        }
    }

    /** {@code 48M}, {@code 512K}, {@code 1G} or plain bytes, as Quarkus writes memory sizes. */
    static long memorySize(String text) {
        long bytes;
        try {
            bytes = new MemorySizeConverter().convert(text.strip()).asLongValue();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a memory size (bytes, or a number with K, M or G: 48M)");
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("must be 0 or positive");
        }
        return bytes;
    }

    static String stripDot(Name name) {
        String text = name.toString();
        return text.endsWith(".") && text.length() > 1 ? text.substring(0, text.length() - 1) : text;
    }

    private static <T> List<T> parseAll(Problems problems, String key, List<String> texts, Function<String, T> parser) {
        List<T> parsed = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            T value = problems.parse(key + "[" + i + "]", texts.get(i), parser);
            if (value != null) {
                parsed.add(value);
            }
        }
        return parsed;
    }

    /** Collects problems; {@link #parse} returns null after recording a failure so validation carries on. */
    private static final class Problems {
        private final List<ModelProblem> list = new ArrayList<>();

        void add(String key, String value, String message) {
            list.add(new ModelProblem(key, value, message));
        }

        void addAll(List<ModelProblem> problems) {
            list.addAll(problems);
        }

        <T> T parse(String key, String text, Function<String, T> parser) {
            try {
                return parser.apply(text);
            } catch (IllegalArgumentException e) {
                add(key, text, e.getMessage());
                return null;
            }
        }

        void throwIfAny() {
            if (!list.isEmpty()) {
                throw new InvalidConfigurationException(list);
            }
        }
    }
}
