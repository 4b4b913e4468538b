package io.clustergateway.dns.chain;

import inet.ipaddr.IPAddress;
import io.clustergateway.dns.route.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** Who may query: loopback always, plus the configured CIDRs. */
public final class AllowList {
    private final List<IPAddress> blocks;

    private AllowList(List<IPAddress> blocks) {
        this.blocks = blocks;
    }

    public static AllowList of(List<String> cidrs) {
        List<IPAddress> blocks = new ArrayList<>();
        for (String cidr : cidrs) {
            blocks.add(IpAddresses.block(cidr, "allow-from"));
        }
        return new AllowList(List.copyOf(blocks));
    }

    public boolean allows(InetAddress client) {
        if (client.isLoopbackAddress()) {
            return true;
        }
        if (blocks.isEmpty()) {
            return false;
        }
        IPAddress address = IpAddresses.of(client);
        for (IPAddress block : blocks) {
            if (IpAddresses.contains(block, address)) {
                return true;
            }
        }
        return false;
    }
}
