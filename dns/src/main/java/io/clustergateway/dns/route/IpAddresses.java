package io.clustergateway.dns.route;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** Bridges java.net addresses and the ipaddress library without going through text on the query path. */
public final class IpAddresses {
    private IpAddresses() {}

    public static IPAddress of(InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return new IPv4Address(v4);
        }
        return new IPv6Address((Inet6Address) address);
    }

    /** The block a CIDR names, e.g. 10.96.0.0/12; throws naming the text when it is not one. */
    public static IPAddress block(String cidr, String what) {
        IPAddress block = new IPAddressString(cidr.trim()).getAddress();
        if (block == null) {
            throw new IllegalArgumentException(what + ": not a CIDR: " + cidr);
        }
        return block.toPrefixBlock();
    }

    public static boolean contains(IPAddress block, IPAddress address) {
        return block.getIPVersion() == address.getIPVersion() && block.contains(address);
    }
}
