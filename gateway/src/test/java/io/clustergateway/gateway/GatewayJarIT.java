package io.clustergateway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.testkit.Dnsmasq;
import io.clustergateway.testkit.Requirements;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The packaged application as a user starts it: {@code java -jar gateway/target/quarkus-app/quarkus-run.jar}.
 * Runs under failsafe, after {@code package}.
 */
class GatewayJarIT {
    private static final Duration START = Duration.ofSeconds(90);

    private final List<Process> processes = new ArrayList<>();
    private Dnsmasq upstream;
    private Path workDir;

    @BeforeEach
    void setUp() throws IOException {
        // only failsafe (after package) passes the jar of this build; surefire picked by a -Dtest pattern would
        // otherwise start whatever stale jar lies in target/
        Assumptions.assumeTrue(System.getProperty("gateway.jar") != null,
                "GatewayJarIT runs under failsafe, after package (mvn verify)");
        Requirements.require(Files.isRegularFile(jar()), "the packaged application is missing: " + jar()
                + " (run mvn package first)");
        Requirements.requireDnsmasq();
        // the office resolver stand-in: the embedded default would forward to /etc/resolv.conf's servers, which
        // tests must never reach (loopback only), so the upstream is overridden to this dnsmasq
        upstream = Dnsmasq.builder("127.0.0.24").host("www.example.com", "192.0.2.80").start();
        // an empty working directory: no config/application.yaml of the checkout is picked up by accident
        workDir = Files.createTempDirectory("gateway-it");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void theEmbeddedDefaultRunsAndAnswersDns() throws Exception {
        // 1053, the default, may be busy on a CI machine (or held by another gateway): only the port is changed
        int dnsPort = Dnsmasq.freePort("127.0.0.1");
        int httpPort = freeTcpPort();
        Path log = workDir.resolve("gateway.log");
        start(log, "-Dgateway.dns.listen=127.0.0.1:" + dnsPort, "-Dgateway.dns.upstreams=" + upstream.hostPort(),
                "-Dquarkus.http.port=" + httpPort);

        HttpClient http = HttpClient.newHttpClient();
        awaitReady(http, httpPort, log);

        assertThat(answer(dnsPort, "www.example.com.")).isEqualTo("NOERROR [192.0.2.80]");

        String page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).contains("cluster-gateway").contains("No clusters configured").contains("backend none");
        assertThat(Files.readString(log)).contains("NAT backend NONE").contains(upstream.hostPort())
                .contains("configuration: the embedded default (no configuration file read)")
                .as("the gateway's own node is not looked at outside Kubernetes").doesNotContain("NODE_NAME")
                .doesNotContain("taint");
    }

    @Test
    void aBadConfigurationFileStopsTheStartWithEveryProblemNamed() throws Exception {
        Path config = workDir.resolve("gateway.yaml");
        Files.writeString(config, """
                gateway:
                  dns:
                    listen: ["127.0.0.1:%d"]
                    upstreams: ["%s"]
                  offices:
                    hq:
                      cidrs: ["10.96.1.0/24"]
                  clusters:
                    old:
                      dns: ["127.0.0.21:9"]
                      pod-cidrs: ["10.200.0.1/16"]
                      service-cidrs: ["10.96.0.0/12"]
                """.formatted(Dnsmasq.freePort("127.0.0.1"), upstream.hostPort()));
        Path log = workDir.resolve("bad.log");
        Process process = start(log, "-Dquarkus.config.locations=" + config, "-Dquarkus.http.port=" + freeTcpPort());

        String output = failedStart(process, log);
        assertThat(output)
                .contains("configuration read from " + config)
                .contains("invalid configuration (2 problems)")
                .contains("gateway.clusters.old.pod-cidrs[0]=10.200.0.1/16: host bits set in 10.200.0.1/16; did you mean 10.200.0.0/16?")
                .contains("gateway.offices.hq.cidrs")
                .contains("10.96.1.0/24");
    }

    @Test
    void unknownKeysAreNamedOnceEachWithTheKeyMeant() throws Exception {
        Path config = workDir.resolve("gateway.yaml");
        Files.writeString(config, """
                gateway:
                  dns:
                    listen: ["127.0.0.1:%d"]
                    upstreams: ["%s"]
                    cahce:
                      max-entries: 1000
                  clusters:
                    old:
                      dns: ["127.0.0.21:9"]
                      pod-cidr: ["10.200.0.0/16", "10.201.0.0/16"]
                """.formatted(Dnsmasq.freePort("127.0.0.1"), upstream.hostPort()));
        Path log = workDir.resolve("typos.log");
        Process process = start(log, "-Dquarkus.config.locations=" + config, "-Dquarkus.http.port=" + freeTcpPort(),
                "-Dgatway.nat.backend=nftables");

        String output = failedStart(process, log);
        assertThat(output)
                .contains("invalid configuration (3 problems):\n")
                .contains("  gateway.clusters.old.pod-cidr=10.200.0.0/16,10.201.0.0/16: unknown key in " + config
                        + "; did you mean gateway.clusters.old.pod-cidrs?\n")
                .contains("  gateway.dns.cahce.max-entries=1000: unknown key in " + config
                        + "; did you mean gateway.dns.cache.max-entries?\n")
                .contains("  gatway.nat.backend=nftables: unknown key in system properties; did you mean gateway.nat.backend?\n")
                .doesNotContain("SRCFG");
        assertThat(output.lines().filter(line -> line.contains("pod-cidr"))).as("listed once").hasSize(1);
    }

    @Test
    void aMisspeltConfigurationPathStopsTheStart() throws Exception {
        Path log = workDir.resolve("missing.log");
        Process process = start(log, "-Dquarkus.config.locations=gatway.yaml", "-Dquarkus.http.port=" + freeTcpPort(),
                "-Dgateway.dns.listen=127.0.0.1:" + Dnsmasq.freePort("127.0.0.1"), "-Dgateway.dns.upstreams=" + upstream.hostPort());

        String output = failedStart(process, log);
        assertThat(output)
                .contains("configuration: the embedded default (no configuration file read)")
                .contains("invalid configuration (1 problem):\n  quarkus.config.locations=gatway.yaml: no such file ("
                        + workDir.toRealPath().resolve("gatway.yaml") + ")");
    }

    @Test
    void systemPropertiesAndTheEnvironmentWinOverTheConfigurationFile() throws Exception {
        int filePort = Dnsmasq.freePort("127.0.0.1");
        Path config = workDir.resolve("gateway.yaml");
        Files.writeString(config, """
                gateway:
                  dns:
                    listen: ["127.0.0.1:%d"]
                    upstreams: ["%s"]
                """.formatted(filePort, upstream.hostPort()));
        int propertyPort = Dnsmasq.freePort("127.0.0.1");
        int propertyHttp = freeTcpPort();
        Path propertyLog = workDir.resolve("property.log");
        start(propertyLog, "-Dquarkus.config.locations=" + config, "-Dgateway.dns.listen=127.0.0.1:" + propertyPort,
                "-Dquarkus.http.port=" + propertyHttp);
        int environmentPort = Dnsmasq.freePort("127.0.0.1");
        int environmentHttp = freeTcpPort();
        Path environmentLog = workDir.resolve("environment.log");
        start(environmentLog, Map.of("QUARKUS_CONFIG_LOCATIONS", config.toString(),
                "GATEWAY_DNS_LISTEN", "127.0.0.1:" + environmentPort), "-Dquarkus.http.port=" + environmentHttp);

        HttpClient http = HttpClient.newHttpClient();
        awaitReady(http, propertyHttp, propertyLog);
        awaitReady(http, environmentHttp, environmentLog);
        // the file's other keys still apply: the answer comes through its upstream
        assertThat(answer(propertyPort, "www.example.com.")).isEqualTo("NOERROR [192.0.2.80]");
        assertThat(answer(environmentPort, "www.example.com.")).isEqualTo("NOERROR [192.0.2.80]");
        assertThat(Files.readString(propertyLog)).contains("configuration read from " + config)
                .contains("DNS listening on [127.0.0.1:" + propertyPort + "]").doesNotContain(":" + filePort);
        assertThat(Files.readString(environmentLog)).contains("configuration read from " + config)
                .contains("DNS listening on [127.0.0.1:" + environmentPort + "]").doesNotContain(":" + filePort);
    }

    private Process start(Path log, String... properties) throws IOException {
        return start(log, Map.of(), properties);
    }

    private Process start(Path log, Map<String, String> environment, String... properties) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(properties));
        command.add("-jar");
        command.add(jar().toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // Jenkins and many CI runners set a NODE_NAME of their own; to the gateway it means "watch this Kubernetes
        // node", which a test must never do against whatever cluster the build machine can reach
        builder.environment().remove("NODE_NAME");
        builder.environment().putAll(environment);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static void awaitReady(HttpClient http, int httpPort, Path log) {
        Awaitility.await("gateway ready (log: " + log + ")").atMost(START).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    /** The output of a start that must fail: exit code 1, and the problems without a stack trace. */
    private static String failedStart(Process process, Path log) throws Exception {
        assertThat(process.waitFor(START.toSeconds(), TimeUnit.SECONDS)).as("gateway exits").isTrue();
        String output = Files.readString(log);
        assertThat(process.exitValue()).as("exit code; output:%n%s", output).isEqualTo(1);
        assertThat(output).as("no stack trace after the problems")
                .doesNotContain("Failed to start").doesNotContain("\tat ").doesNotContain("Exception")
                .endsWith("cluster-gateway not started: invalid configuration (see above)\n");
        return output;
    }

    private static String answer(int dnsPort, String name) throws IOException {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", dnsPort));
        resolver.setTimeout(Duration.ofSeconds(3));
        Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)));
        return Rcode.string(answer.getRcode()) + " " + answer.getSection(Section.ANSWER).stream()
                .map(Record::rdataToString).toList();
    }

    private static Path jar() {
        return Path.of(System.getProperty("gateway.jar")).toAbsolutePath();
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
