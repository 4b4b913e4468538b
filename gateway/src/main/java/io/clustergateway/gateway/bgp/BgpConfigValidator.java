package io.clustergateway.gateway.bgp;

import io.clustergateway.gateway.config.Addresses;
import io.clustergateway.gateway.config.ClusterSettings;
import io.clustergateway.gateway.config.GatewayConfig;
import io.clustergateway.gateway.config.GatewaySettings;
import io.clustergateway.gateway.config.HostNetwork;
import io.clustergateway.gateway.config.InvalidConfigurationException;
import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.ModelProblem;
import io.clustergateway.routing.Office;
import io.clustergateway.routing.bgp.AsNumbers;
import io.clustergateway.routing.bgp.BgpNeighbor;
import io.clustergateway.routing.bgp.BgpPeering;
import io.clustergateway.routing.bgp.BirdSpeaker;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks {@code gateway.bgp.*} against the rest of the validated settings, every problem with its key and value:
 * missing or invalid AS numbers, a neighbor that is this gateway itself, a DNS address inside a cluster or office
 * range (routers would send that range's traffic to a DNS server) or one the DNS listener would not serve.
 */
public final class BgpConfigValidator {
    private static final String KEY = "gateway.bgp";

    private final HostNetwork host;

    public BgpConfigValidator(HostNetwork host) {
        this.host = host;
    }

    /** @throws InvalidConfigurationException listing every problem */
    public BgpSettings validate(GatewayConfig.Bgp config, GatewaySettings settings) {
        if (!config.enabled()) {
            return BgpSettings.disabled();
        }
        List<ModelProblem> problems = new ArrayList<>();
        Long localAs = asNumber(problems, KEY + ".local-as", config.localAs());
        Inet4Address routerId = routerId(problems, config, settings);
        if (config.holdTime().compareTo(BgpPeering.MIN_HOLD_TIME) < 0) {
            problems.add(new ModelProblem(KEY + ".hold-time", config.holdTime().toString(),
                    "must be at least 3s (RFC 4271); keepalives go every third of it"));
        }
        List<BgpNeighbor> neighbors = neighbors(problems, config.neighbors().orElse(List.of()), settings);
        Optional<Inet4Address> dnsAddress = config.dnsAddress()
                .flatMap(text -> dnsAddress(problems, text, settings));
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        BgpPeering peering = new BgpPeering(localAs, routerId, settings.node().address(), config.holdTime(), neighbors,
                config.bfd());
        return new BgpSettings(Optional.of(peering), dnsAddress, new BirdSpeaker.Binaries(config.bird(), config.birdc()),
                config.stateDir().map(Path::of));
    }

    private static Long asNumber(List<ModelProblem> problems, String key, Optional<String> text) {
        if (text.isEmpty() || text.get().isBlank()) {
            problems.add(new ModelProblem(key, "(absent)", "an AS number is required when gateway.bgp.enabled is true"));
            return null;
        }
        try {
            long as = Long.parseLong(text.get().strip());
            if (AsNumbers.valid(as)) {
                return as;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        problems.add(new ModelProblem(key, text.get(), "not an AS number (1-" + AsNumbers.MAX + ")"));
        return null;
    }

    private static Inet4Address routerId(List<ModelProblem> problems, GatewayConfig.Bgp config, GatewaySettings settings) {
        String key = KEY + ".router-id";
        String text = config.routerId().orElse(settings.node().address().getHostAddress());
        InetAddress parsed = parse(problems, key, text);
        if (parsed instanceof Inet4Address ipv4) {
            return ipv4;
        }
        if (parsed != null) {
            problems.add(new ModelProblem(key, text, config.routerId().isPresent()
                    ? "a router id is an IPv4 address"
                    : "the default (the node address) is not IPv4: set an IPv4 router id"));
        }
        return null;
    }

    private List<BgpNeighbor> neighbors(List<ModelProblem> problems, List<GatewayConfig.BgpNeighbor> configured,
                                        GatewaySettings settings) {
        if (configured.isEmpty()) {
            problems.add(new ModelProblem(KEY + ".neighbors", "[]", "at least one neighbor is needed to announce anything"));
        }
        List<BgpNeighbor> neighbors = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            String key = KEY + ".neighbors[" + i + "]";
            GatewayConfig.BgpNeighbor neighbor = configured.get(i);
            Long remoteAs = asNumber(problems, key + ".remote-as", neighbor.remoteAs());
            if (neighbor.address().isEmpty()) {
                problems.add(new ModelProblem(key + ".address", "(absent)", "the neighbor's address is required"));
                continue;
            }
            InetAddress address = parse(problems, key + ".address", neighbor.address().get());
            if (address == null) {
                continue;
            }
            if (address.equals(settings.node().address()) || host.isLocal(address)) {
                problems.add(new ModelProblem(key + ".address", neighbor.address().get(),
                        "is one of this gateway's own addresses; a neighbor is the router it peers with"));
            } else if ((address instanceof Inet4Address) != (settings.node().address() instanceof Inet4Address)) {
                problems.add(new ModelProblem(key + ".address", neighbor.address().get(),
                        "is not of the node address's family (" + settings.node().address().getHostAddress()
                                + "), which sessions leave from"));
            } else if (remoteAs != null) {
                neighbors.add(new BgpNeighbor(address, remoteAs));
            }
        }
        return neighbors;
    }

    private static Optional<Inet4Address> dnsAddress(List<ModelProblem> problems, String text, GatewaySettings settings) {
        String key = KEY + ".dns-address";
        InetAddress parsed = parse(problems, key, text);
        if (parsed == null) {
            return Optional.empty();
        }
        if (!(parsed instanceof Inet4Address address)) {
            problems.add(new ModelProblem(key, text, "must be an IPv4 address (announced as a /32)"));
            return Optional.empty();
        }
        int before = problems.size();
        for (ClusterSettings cluster : settings.clusters()) {
            for (Cidr cidr : concat(cluster.podCidrs().orElse(List.of()), cluster.serviceCidrs().orElse(List.of()))) {
                if (cidr.contains(address)) {
                    problems.add(new ModelProblem(key, text, "is inside " + cidr + " of cluster " + cluster.name()
                            + ": routers would send that cluster's traffic to this address"));
                }
            }
        }
        for (Office office : settings.offices()) {
            for (Cidr cidr : office.cidrs()) {
                if (cidr.contains(address)) {
                    problems.add(new ModelProblem(key, text, "is inside " + cidr + " of office " + office.name()
                            + ": laptops there would look for it on their own network"));
                }
            }
        }
        if (address.equals(settings.node().address())) {
            problems.add(new ModelProblem(key, text, "is the node address; the anycast address must be one that every "
                    + "gateway can hold"));
        }
        if (!served(address, settings.dns().listen())) {
            problems.add(new ModelProblem(key, text, "the DNS listener would not answer there: add \"" + text
                    + ":53\" or \"0.0.0.0:53\" to gateway.dns.listen " + settings.dns().listen().stream()
                    .map(Addresses::format).toList()));
        }
        return problems.size() == before ? Optional.of(address) : Optional.empty();
    }

    /** Laptops ask port 53; a wildcard listener follows the addresses of this host, lo included. */
    private static boolean served(Inet4Address address, List<InetSocketAddress> listen) {
        return listen.stream().anyMatch(l -> l.getPort() == BgpSettings.DNS_PORT
                && (l.getAddress().equals(address) || (l.getAddress().isAnyLocalAddress() && l.getAddress() instanceof Inet4Address)));
    }

    private static InetAddress parse(List<ModelProblem> problems, String key, String text) {
        try {
            return Addresses.parseIp(text);
        } catch (IllegalArgumentException e) {
            problems.add(new ModelProblem(key, text, e.getMessage()));
            return null;
        }
    }

    private static List<Cidr> concat(List<Cidr> a, List<Cidr> b) {
        List<Cidr> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
