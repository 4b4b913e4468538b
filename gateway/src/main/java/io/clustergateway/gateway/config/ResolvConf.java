package io.clustergateway.gateway.config;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** The nameservers of {@code /etc/resolv.conf}: the default upstreams. */
public final class ResolvConf {
    private static final Logger LOG = Logger.getLogger(ResolvConf.class);

    private ResolvConf() {}

    /** The file's {@code nameserver} lines as port-53 addresses; empty when the file is missing or has none. */
    public static List<InetSocketAddress> nameservers(Path file) {
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            LOG.warnf("cannot read %s: %s", file, e.getMessage());
            return List.of();
        }
    }

    static List<InetSocketAddress> parse(List<String> lines) {
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length < 2 || !fields[0].equals("nameserver")) {
                continue;
            }
            String text = fields[1];
            if (text.contains("%")) {
                // a link-local server with a zone id (fe80::1%eth0) only works on that link; the upstream pool
                // cannot keep the zone, so it is left out rather than sent to the wrong interface
                LOG.infof("ignoring nameserver %s of resolv.conf: link-local with a zone id", text);
                continue;
            }
            try {
                InetAddress address = Addresses.parseIp(text);
                if (address instanceof Inet6Address && address.isLinkLocalAddress()) {
                    LOG.infof("ignoring nameserver %s of resolv.conf: link-local without a zone id", text);
                    continue;
                }
                servers.add(new InetSocketAddress(address, 53));
            } catch (IllegalArgumentException e) {
                LOG.warnf("ignoring nameserver \"%s\" of resolv.conf: %s", text, e.getMessage());
            }
        }
        return List.copyOf(servers);
    }
}
