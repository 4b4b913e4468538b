package io.clustergateway.testkit;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Shared by the tests of every module.
 * A real dnsmasq on loopback, standing in for a cluster's CoreDNS or an office resolver.
 * Built with {@link #builder(String)}; {@link #close()} kills it.
 *
 * <pre>
 * try (Dnsmasq old = Dnsmasq.builder("127.0.0.21")
 *         .authoritativeFor("cluster.local")
 *         .host("web.default.svc.cluster.local", "10.96.0.20")
 *         .start()) { ... old.address() ... }
 * </pre>
 */
public final class Dnsmasq implements AutoCloseable {
    private volatile Process process;
    private final InetSocketAddress address;
    private final Path logFile;
    private final List<String> command;

    private Dnsmasq(Process process, InetSocketAddress address, Path logFile, List<String> command) {
        this.process = process;
        this.address = address;
        this.logFile = logFile;
        this.command = List.copyOf(command);
    }

    /** Starts the same server again, on the same address and port, after {@link #close()}. */
    public void restart() throws IOException {
        close();
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        Builder.awaitAnswering(this);
    }

    public static Optional<Path> binary() {
        for (String candidate : List.of("/usr/sbin/dnsmasq", "/usr/bin/dnsmasq", "/sbin/dnsmasq")) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    public static Builder builder(String listenAddress) {
        return new Builder(listenAddress);
    }

    public InetSocketAddress address() {
        return address;
    }

    /** "127.0.0.21:40123", as configuration spells it. */
    public String hostPort() {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Stops the process with SIGSTOP: a server that neither answers nor refuses (its socket stays open and
     * queries queue up unread), as a hung CoreDNS looks from outside. {@link #thaw()} resumes it.
     */
    public void freeze() {
        signal("-STOP");
    }

    /** Resumes a {@link #freeze() frozen} server (SIGCONT); it then answers what queued up meanwhile. */
    public void thaw() {
        signal("-CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(5, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling dnsmasq", e);
        }
    }

    /** What dnsmasq logged (queries too, with {@link Builder#logQueries()}): lets a test see which server was asked. */
    public String log() {
        try {
            return Files.readString(logFile);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                signal("-CONT"); // a frozen process would not act on SIGTERM until resumed
            } catch (IllegalStateException e) {
                // it exited meanwhile
            }
        }
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A free UDP port on the given loopback address (dnsmasq binds UDP and TCP on it). */
    public static int freePort(String address) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), 0))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on " + address, e);
        }
    }

    public static final class Builder {
        private final String listenAddress;
        private int port;
        private final List<String> options = new ArrayList<>();
        private int ttl = 300;
        private boolean logQueries;

        private Builder(String listenAddress) {
            this.listenAddress = listenAddress;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Answers NXDOMAIN for unknown names under the domain instead of forwarding (CoreDNS behaviour). */
        public Builder authoritativeFor(String domain) {
            options.add("--local=/" + domain + "/");
            return this;
        }

        /**
         * Serves the domain as an authoritative zone ({@code --auth-zone}), as CoreDNS serves its cluster domain:
         * answers carry AA, and NXDOMAIN and NODATA carry the zone's SOA, so a resolver caches them negatively
         * (RFC 2308). ({@link #authoritativeFor} answers NXDOMAIN without an SOA, which nobody may cache.) dnsmasq
         * answers authoritatively only on addresses assigned to an interface: listen on 127.0.0.1.
         */
        public Builder authoritativeZone(String domain) {
            options.add("--auth-zone=" + domain);
            options.add("--auth-server=ns." + domain + "," + listenAddress);
            return this;
        }

        public Builder host(String name, String address) {
            options.add("--host-record=" + name + "," + address);
            return this;
        }

        /** Any name under the domain (and the domain itself) answers this address. */
        public Builder wildcard(String domain, String address) {
            options.add("--address=/" + domain + "/" + address);
            return this;
        }

        public Builder srv(String name, String target, int port) {
            options.add("--srv-host=" + name + "," + target + "," + port);
            return this;
        }

        public Builder ptr(String reverseName, String target) {
            options.add("--ptr-record=" + reverseName + "," + target);
            return this;
        }

        public Builder txt(String name, String... texts) {
            options.add("--txt-record=" + name + "," + String.join(",", texts));
            return this;
        }

        public Builder cname(String alias, String target) {
            options.add("--cname=" + alias + "," + target);
            return this;
        }

        /** TTL of local answers (0: nothing cacheable). */
        public Builder ttl(int seconds) {
            this.ttl = seconds;
            return this;
        }

        public Builder option(String raw) {
            options.add(raw);
            return this;
        }

        public Builder logQueries() {
            this.logQueries = true;
            return this;
        }

        public Dnsmasq start() throws IOException {
            Path binary = binary().orElseThrow(() -> new IOException("dnsmasq is not installed"));
            int chosenPort = port != 0 ? port : freePort(listenAddress);
            Path logFile = Files.createTempFile("dnsmasq-" + listenAddress + "-", ".log");
            List<String> command = new ArrayList<>(List.of(
                    binary.toString(), "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
                    "--no-poll", "--bind-interfaces", "--listen-address=" + listenAddress, "--port=" + chosenPort,
                    "--user=root", "--pid-file=", "--local-ttl=" + ttl, "--auth-ttl=" + ttl,
                    "--neg-ttl=" + Math.max(ttl, 1), "--log-facility=" + logFile));
            if (logQueries) {
                command.add("--log-queries");
            }
            command.addAll(options);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(listenAddress), chosenPort);
            Dnsmasq dnsmasq = new Dnsmasq(process, address, logFile, command);
            awaitAnswering(dnsmasq);
            return dnsmasq;
        }

        private static void awaitAnswering(Dnsmasq dnsmasq) {
            Awaitility.await("dnsmasq on " + dnsmasq.hostPort() + " answers")
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .ignoreExceptions()
                    .until(() -> {
                        if (!dnsmasq.isAlive()) {
                            throw new IllegalStateException("dnsmasq exited: " + dnsmasq.log());
                        }
                        SimpleResolver resolver = new SimpleResolver(dnsmasq.address());
                        resolver.setTimeout(Duration.ofMillis(300));
                        Message answer = resolver.send(Message.newQuery(
                                Record.newRecord(Name.fromString("probe.invalid."), Type.A, DClass.IN)));
                        return answer != null;
                    });
        }
    }
}
