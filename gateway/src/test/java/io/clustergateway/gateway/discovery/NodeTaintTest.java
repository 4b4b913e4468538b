package io.clustergateway.gateway.discovery;

import static io.clustergateway.gateway.discovery.KubeObjects.node;
import static io.clustergateway.gateway.discovery.KubeObjects.taintedNode;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeTaintTest {

    @Test
    void untaintedNodeGetsAWarningWithTheCommandThatFixesIt() {
        assertThat(NodeTaint.warning(node("gw-1")))
                .hasValueSatisfying(w -> assertThat(w)
                        .contains("ordinary workloads could land on the forwarding node")
                        .contains("kubectl taint nodes gw-1 forward=true:NoSchedule"));
    }

    @Test
    void forwardNoScheduleTaintSilencesTheWarning() {
        assertThat(NodeTaint.warning(taintedNode("gw-1", "forward", "NoSchedule"))).isEmpty();
    }

    @Test
    void otherTaintsOrEffectsDoNotCount() {
        assertThat(NodeTaint.warning(taintedNode("gw-1", "forward", "PreferNoSchedule"))).isPresent();
        assertThat(NodeTaint.warning(taintedNode("gw-1", "dedicated", "NoSchedule"))).isPresent();
    }
}
