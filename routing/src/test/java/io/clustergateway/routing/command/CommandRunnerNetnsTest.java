package io.clustergateway.routing.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustergateway.routing.testsupport.NetnsLab;
import io.clustergateway.testkit.Requirements;
import org.junit.jupiter.api.Test;

class CommandRunnerNetnsTest {

    @Test
    void runsInsideTheNamespaceAndReportsMissingBinariesAlike() throws CommandException {
        Requirements.requireNetns();
        try (NetnsLab lab = new NetnsLab()) {
            String ns = lab.namespace("cmd");
            CommandRunner runner = CommandRunner.inNamespace(ns);

            // a fresh namespace has only its loopback
            assertThat(runner.run("ip", "-o", "link", "show").stdout().strip().lines()).hasSize(1);
            assertThatThrownBy(() -> runner.run("nft-does-not-exist"))
                    .hasMessage("nft-does-not-exist not found: install nft-does-not-exist");
        }
    }
}
