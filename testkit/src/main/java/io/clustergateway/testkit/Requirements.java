package io.clustergateway.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Skips a test whose real component is missing, with the reason, except under
 * {@code -Dgateway.e2e.required=true} (set by .ci/run), where a skip would hide a broken machine and fails instead.
 */
public final class Requirements {
    /** The Debian package of each tool, so a reason says how to fix it. */
    private static final Map<String, String> PACKAGES = Map.ofEntries(
            Map.entry("ip", "iproute2"), Map.entry("ss", "iproute2"), Map.entry("nft", "nftables"),
            Map.entry("iptables", "iptables"), Map.entry("iptables-save", "iptables"),
            Map.entry("iptables-restore", "iptables"), Map.entry("ip6tables", "iptables"),
            Map.entry("ip6tables-save", "iptables"), Map.entry("ip6tables-restore", "iptables"),
            Map.entry("dnsmasq", "dnsmasq-base"), Map.entry("dig", "dnsutils"), Map.entry("sysctl", "procps"),
            Map.entry("setsid", "util-linux"), Map.entry("getent", "libc-bin"), Map.entry("timeout", "coreutils"),
            Map.entry("bird", "bird2"), Map.entry("birdc", "bird2"), Map.entry("setpriv", "util-linux"));
    /** CAP_NET_ADMIN for addresses, routes and nft; CAP_SYS_ADMIN for the mounts behind {@code ip netns}. */
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_SYS_ADMIN = 21;

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

    public static void requireDnsmasq() {
        requireTools("dnsmasq");
    }

    public static void requireDig() {
        requireTools("dig");
    }

    /** Each tool on PATH (or in /usr/sbin, /sbin), e.g. {@code "nft"}, {@code "socat"}. */
    public static void requireTools(String... tools) {
        List<String> missing = new ArrayList<>();
        for (String tool : tools) {
            if (!executable(tool)) {
                missing.add(tool + " (apt-get install " + PACKAGES.getOrDefault(tool, tool) + ")");
            }
        }
        require(missing.isEmpty(), "not installed: " + String.join(", ", missing));
    }

    /** Linux, root with the capabilities network namespaces need, a working {@code ip netns}, and the tools. */
    public static void requireNetns(String... tools) {
        require(System.getProperty("os.name", "").toLowerCase().contains("linux"),
                "network namespaces need Linux; this is " + System.getProperty("os.name"));
        requireTools("ip");
        String status = procStatus();
        require(status.contains("\nUid:\t0\t"), "network namespace tests need root (run as root, or under .ci/run)");
        long capabilities = effectiveCapabilities(status);
        require((capabilities & (1L << CAP_NET_ADMIN)) != 0 && (capabilities & (1L << CAP_SYS_ADMIN)) != 0,
                "network namespaces need CAP_NET_ADMIN and CAP_SYS_ADMIN (a container without them cannot create one)");
        require(namespacesWork(), "`ip netns add` does not work here");
        requireTools(tools);
    }

    public static boolean executable(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    private static String procStatus() {
        try {
            return "\n" + Files.readString(Path.of("/proc/self/status"));
        } catch (IOException e) {
            return "";
        }
    }

    private static long effectiveCapabilities(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("CapEff:")) {
                return Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16);
            }
        }
        return 0;
    }

    /** Creates and deletes a throwaway namespace once per JVM. */
    private static boolean namespacesWork() {
        if (namespacesWork == null) {
            String probe = "cg-probe-" + UUID.randomUUID().toString().substring(0, 8);
            namespacesWork = run("ip", "netns", "add", probe) && run("ip", "netns", "del", probe);
        }
        return namespacesWork;
    }

    private static boolean run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
