package io.clustergateway.dns.forward;

import io.clustergateway.dns.DnsListener;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/** Creates {@link UpstreamPool}s running on a given Netty event loop group (epoll or NIO). */
public final class UpstreamPools {
    private UpstreamPools() {}

    /**
     * @param name    "cluster:&lt;name&gt;" or "upstream": names the pool in status, metrics and errors
     * @param servers resolved addresses, tried in random order; empty makes every query fail at once
     * @param group   the caller's event loops; the pool never shuts them down
     */
    public static UpstreamPool create(String name, List<InetSocketAddress> servers, ForwardSettings settings,
                                      EventLoopGroup group, DnsListener listener) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(group, "group");
        for (InetSocketAddress server : servers) {
            if (server.isUnresolved()) {
                throw new IllegalArgumentException("upstream " + server + " of " + name + " is not an IP address");
            }
        }
        NettyTransport transport = NettyTransport.forGroup(group);
        return new DefaultUpstreamPool(name, List.copyOf(servers), settings, group,
                listener == null ? DnsListener.NOOP : listener,
                new UdpExchange(transport), new TcpExchange(transport), new SelectionPolicy());
    }
}
