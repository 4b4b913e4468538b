package io.clustergateway.gateway.discovery;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;
import java.util.Optional;

/**
 * The forwarding node should carry {@code forward:NoSchedule}: without it the scheduler may place ordinary
 * workloads on the node that rewrites everybody's traffic.
 */
final class NodeTaint {

    static final String KEY = "forward";
    static final String EFFECT = "NoSchedule";

    private NodeTaint() {}

    /** A warning for the status page when {@code node} lacks the taint; empty when it has it. */
    static Optional<String> warning(Node node) {
        String name = node.getMetadata().getName();
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null
                ? List.of()
                : node.getSpec().getTaints();
        boolean tainted = taints.stream().anyMatch(t -> KEY.equals(t.getKey()) && EFFECT.equals(t.getEffect()));
        if (tainted) {
            return Optional.empty();
        }
        return Optional.of("node " + name + " lacks the taint " + KEY + ":" + EFFECT
                + ": ordinary workloads could land on the forwarding node: kubectl taint nodes " + name
                + " " + KEY + "=true:" + EFFECT);
    }
}
