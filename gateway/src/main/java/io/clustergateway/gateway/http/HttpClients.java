package io.clustergateway.gateway.http;

import io.clustergateway.dns.chain.AllowList;
import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who may use the HTTP surface: the clients the DNS listener answers (loopback, office CIDRs, cluster CIDRs,
 * {@code gateway.dns.allow-from}), the CIDRs of {@code gateway.http.allow-from}, and this host's own addresses,
 * so that a probe from the node itself (a kubelet on the node's address) keeps working. Anyone else could
 * otherwise resolve any name through {@code /api/v1/dns/explain} or read the NAT plan.
 */
public final class HttpClients {
    private final AllowList allowList;
    private final Predicate<InetAddress> ownAddress;

    private HttpClients(AllowList allowList, Predicate<InetAddress> ownAddress) {
        this.allowList = allowList;
        this.ownAddress = ownAddress;
    }

    /**
     * @param dnsClients the CIDRs the DNS listener allows besides loopback
     * @param httpAllowFrom {@code gateway.http.allow-from}
     * @param ownAddress whether an address is assigned to this host
     */
    public static HttpClients of(List<String> dnsClients, List<String> httpAllowFrom, Predicate<InetAddress> ownAddress) {
        Set<String> cidrs = new LinkedHashSet<>(dnsClients);
        cidrs.addAll(httpAllowFrom);
        return new HttpClients(AllowList.of(List.copyOf(cidrs)), ownAddress);
    }

    /** Before the first model: loopback and this host only. */
    public static HttpClients hostOnly(Predicate<InetAddress> ownAddress) {
        return of(List.of(), List.of(), ownAddress);
    }

    public boolean allows(InetAddress client) {
        return allowList.allows(client) || ownAddress.test(client);
    }
}
