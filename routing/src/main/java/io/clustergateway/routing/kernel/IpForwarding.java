package io.clustergateway.routing.kernel;

import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.command.CommandRunner;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's IP forwarding switches, read and set with {@code sysctl} through the runner, so that inside a
 * network namespace they act on that namespace's own {@code /proc/sys/net}.
 */
public final class IpForwarding {
    private static final Logger LOG = LoggerFactory.getLogger(IpForwarding.class);

    static final String IPV4 = "net.ipv4.ip_forward";
    static final String IPV6 = "net.ipv6.conf.all.forwarding";
    /**
     * Lets the reverse path filter look routes up with the packet's mark, so that a reply from a translated
     * cluster (whose real source address only that cluster's routing table knows) passes a strict rp_filter.
     */
    public static final String SRC_VALID_MARK = "net.ipv4.conf.all.src_valid_mark";

    private final CommandRunner runner;

    public IpForwarding(CommandRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    public boolean ipv4Enabled() throws CommandException {
        return enabled(IPV4);
    }

    public void enableIpv4() throws CommandException {
        enable(IPV4);
    }

    public boolean ipv6Enabled() throws CommandException {
        return enabled(IPV6);
    }

    public void enableIpv6() throws CommandException {
        enable(IPV6);
    }

    public boolean srcValidMarkEnabled() throws CommandException {
        return enabled(SRC_VALID_MARK);
    }

    public void enableSrcValidMark() throws CommandException {
        enable(SRC_VALID_MARK);
    }

    private boolean enabled(String key) throws CommandException {
        return runner.run("sysctl", "-n", key).stdout().strip().equals("1");
    }

    private void enable(String key) throws CommandException {
        if (!enabled(key)) {
            LOG.info("enabling {} (was off)", key);
            runner.run("sysctl", "-w", key + "=1");
        }
    }
}
