package io.clustergateway.routing.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.command.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Skips a test whose real component is missing, with the reason, except under
 * {@code -Dgateway.e2e.required=true} (set by .ci/run), where a skip would hide a broken machine and fails instead.
 */
public final class Requirements {
    private static volatile Boolean namespacesWork;

    private Requirements() {}

    public static void require(boolean satisfied, String reason) {
        if (satisfied) {
            return;
        }
        if (Boolean.getBoolean("gateway.e2e.required")) {
            fail(reason + " (required because gateway.e2e.required=true)");
        }
        Assumptions.abort(reason);
    }

    /** Root, a working {@code ip netns}, and each of the given tools, e.g. {@code "nft"} or {@code "socat"}. */
    public static void requireNetnsLab(String... tools) {
        require(executable("ip"), "ip is not installed (apt-get install iproute2)");
        require(isRoot(), "network namespace tests need root (run as root, or under .ci/run)");
        require(namespacesWork(), "`ip netns add` does not work here (no CAP_SYS_ADMIN or no netns support)");
        for (String tool : tools) {
            require(executable(tool), tool + " is not installed (apt-get install " + packageOf(tool) + ")");
        }
    }

    public static boolean executable(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", name)) || Files.isExecutable(Path.of("/sbin", name));
    }

    private static String packageOf(String tool) {
        return switch (tool) {
            case "nft" -> "nftables";
            case "iptables", "iptables-save", "iptables-restore", "ip6tables" -> "iptables";
            case "sysctl" -> "procps";
            default -> tool;
        };
    }

    private static boolean isRoot() {
        try {
            return CommandRunner.local().run("id", "-u").stdout().strip().equals("0");
        } catch (CommandException e) {
            return false;
        }
    }

    /** Creates and deletes a throwaway namespace once per JVM. */
    private static boolean namespacesWork() {
        if (namespacesWork == null) {
            String probe = NetnsLab.uniqueName("probe");
            CommandRunner local = CommandRunner.local();
            try {
                local.run("ip", "netns", "add", probe);
                local.run("ip", "netns", "del", probe);
                namespacesWork = true;
            } catch (CommandException e) {
                namespacesWork = false;
            }
        }
        return namespacesWork;
    }
}
