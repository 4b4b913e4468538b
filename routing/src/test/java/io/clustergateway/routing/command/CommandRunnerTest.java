package io.clustergateway.routing.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustergateway.testkit.Requirements;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandRunnerTest {
    private final CommandRunner local = CommandRunner.local();

    @Test
    void feedsStdinAndCapturesBothOutputs() throws CommandException {
        CommandResult result = local.run(List.of("sh", "-c", "cat; echo warning >&2"), "table ip t {}\n");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("table ip t {}\n");
        assertThat(result.stderr()).isEqualTo("warning\n");
    }

    @Test
    void largeOutputDoesNotBlockTheCommand() throws CommandException {
        // more than a pipe buffer on both streams: the runner must drain while the command runs
        CommandResult result = local.run("sh", "-c", "head -c 300000 /dev/zero | tr '\\0' a; head -c 300000 /dev/zero >&2");

        assertThat(result.stdout()).hasSize(300000);
        assertThat(result.stderr()).hasSize(300000);
    }

    @Test
    void aFailingCommandNamesItsCommandLineExitCodeAndStderr() {
        assertThatThrownBy(() -> local.run(List.of("sh", "-c", "echo 'Error: Could not process rule: No such file or directory' >&2; exit 1"), "x"))
                .isInstanceOf(CommandException.class)
                .hasMessage("`sh -c 'echo '\\''Error: Could not process rule: No such file or directory'\\'' >&2; exit 1'` failed (exit 1):"
                        + " Error: Could not process rule: No such file or directory")
                .satisfies(e -> assertThat(((CommandException) e).result()).hasValueSatisfying(r -> assertThat(r.exitCode()).isEqualTo(1)));
    }

    @Test
    void executeReturnsNonZeroExitCodesInsteadOfThrowing() throws CommandException {
        assertThat(local.execute(List.of("sh", "-c", "exit 3"), null).exitCode()).isEqualTo(3);
    }

    @Test
    void aMissingBinarySaysWhatToInstall() {
        assertThatThrownBy(() -> local.run(List.of("nft-does-not-exist"), null))
                .hasMessage("nft-does-not-exist not found: install nft-does-not-exist");
        assertThat(CommandException.notFound("/usr/sbin/nft", null)).hasMessage("nft not found: install nftables");
    }

    @Test
    void aStuckCommandIsKilledAtTheTimeout() {
        CommandRunner impatient = CommandRunner.local(Duration.ofMillis(300));
        long start = System.nanoTime();

        assertThatThrownBy(() -> impatient.run("sleep", "30")).hasMessage("`sleep 30` timed out after 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aCommandThatNeverReadsItsInputStillMeetsTheTimeout() {
        CommandRunner impatient = CommandRunner.local(Duration.ofMillis(300));
        String script = "add rule ip t c counter\n".repeat(50_000); // far more than a pipe holds

        assertThatThrownBy(() -> impatient.run(List.of("sleep", "30"), script)).hasMessage("`sleep 30` timed out after 300 ms");
    }

    @Test
    void inNamespacePrefixesIpNetnsExec() {
        Requirements.require(Requirements.executable("ip"), "ip is not installed (apt-get install iproute2)");

        assertThatThrownBy(() -> CommandRunner.inNamespace("cg-absent-zz9").run("nft", "-f", "-"))
                .isInstanceOf(CommandException.class)
                .hasMessageStartingWith("`ip netns exec cg-absent-zz9 nft -f -` failed (exit ");
    }

    @Test
    void namespaceNamesCannotEscapeNetnsDirectory() {
        assertThatThrownBy(() -> CommandRunner.inNamespace("../x")).isInstanceOf(IllegalArgumentException.class);
    }
}
