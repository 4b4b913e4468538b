package io.clustergateway.gateway.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * What the lab needs from the machine. A missing piece skips the end-to-end test with the reason, except under
 * {@code -Dgateway.e2e.required=true} (set by .ci/run), where a skip would hide a broken machine and fails instead.
 */
final class Requirements {
    /** Everything lab.sh and the test itself run; the apt package is named so the reason says how to fix it. */
    private static final List<String[]> TOOLS = List.of(
            new String[] {"ip", "iproute2"}, new String[] {"nft", "nftables"}, new String[] {"dnsmasq", "dnsmasq-base"},
            new String[] {"socat", "socat"}, new String[] {"dig", "dnsutils"}, new String[] {"curl", "curl"},
            new String[] {"sysctl", "procps"}, new String[] {"setsid", "util-linux"}, new String[] {"ss", "iproute2"},
            new String[] {"getent", "libc-bin"}, new String[] {"timeout", "coreutils"}, new String[] {"bash", "bash"});
    /** CAP_NET_ADMIN (12) for addresses, routes and nft; CAP_SYS_ADMIN (21) for ip netns's mounts. */
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_SYS_ADMIN = 21;

    private Requirements() {}

    static void require(boolean satisfied, String reason) {
        if (satisfied) {
            return;
        }
        if (Boolean.getBoolean("gateway.e2e.required")) {
            fail(reason + " (required because gateway.e2e.required=true)");
        }
        Assumptions.abort(reason);
    }

    /** Root with the capabilities network namespaces need, and every tool of the lab. */
    static void requireLabMachine() {
        require(System.getProperty("os.name", "").toLowerCase().contains("linux"),
                "the lab needs Linux network namespaces; this is " + System.getProperty("os.name"));
        String status = readProcStatus();
        require(status.contains("\nUid:\t0\t"), "the lab needs root (network namespaces, nft, port 53)");
        long capabilities = effectiveCapabilities(status);
        require((capabilities & (1L << CAP_NET_ADMIN)) != 0 && (capabilities & (1L << CAP_SYS_ADMIN)) != 0,
                "the lab needs CAP_NET_ADMIN and CAP_SYS_ADMIN (a container without them cannot create network namespaces)");
        List<String> missing = new ArrayList<>();
        for (String[] tool : TOOLS) {
            if (!executable(tool[0])) {
                missing.add(tool[0] + " (" + tool[1] + ")");
            }
        }
        require(missing.isEmpty(), "the lab needs tools that are not installed: " + String.join(", ", missing));
    }

    static boolean executable(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    private static String readProcStatus() {
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
}
