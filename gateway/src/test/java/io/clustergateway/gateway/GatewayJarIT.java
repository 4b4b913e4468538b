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
        Awaitility.await("gateway ready (log: " + log + ")").atMost(START).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);

        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", dnsPort));
        resolver.setTimeout(Duration.ofSeconds(3));
        Message answer = resolver.send(Message.newQuery(
                Record.newRecord(Name.fromString("www.example.com."), Type.A, DClass.IN)));
        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("192.0.2.80");

        String page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).contains("cluster-gateway").contains("No clusters configured").contains("backend none");
        assertThat(Files.readString(log)).contains("NAT backend NONE").contains(upstream.hostPort())
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

        assertThat(process.waitFor(START.toSeconds(), TimeUnit.SECONDS)).as("gateway exits").isTrue();
        String output = Files.readString(log);
        assertThat(process.exitValue()).as("exit code; output:%n%s", output).isNotZero();
        assertThat(output)
                .contains("invalid configuration (2 problems)")
                .contains("gateway.clusters.old.pod-cidrs[0]=10.200.0.1/16: host bits set in 10.200.0.1/16; did you mean 10.200.0.0/16?")
                .contains("gateway.offices.hq.cidrs")
                .contains("10.96.1.0/24");
    }

    private Process start(Path log, String... properties) throws IOException {
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
        Process process = builder.start();
        processes.add(process);
        return process;
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
