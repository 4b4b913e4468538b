package io.clustergateway.dns.chain;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
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
            IPAddress block = new IPAddressString(cidr.trim()).getAddress();
            if (block == null) {
                throw new IllegalArgumentException("allow-from: not a CIDR: " + cidr);
            }
            blocks.add(block.toPrefixBlock());
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
        IPAddress address = new IPAddressString(client.getHostAddress()).getAddress();
        if (address == null) {
            return false;
        }
        for (IPAddress block : blocks) {
            if (block.getIPVersion() == address.getIPVersion() && block.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
