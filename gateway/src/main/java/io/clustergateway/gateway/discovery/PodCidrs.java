package io.clustergateway.gateway.discovery;

import io.fabric8.kubernetes.api.model.Node;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Pod CIDRs as the nodes announce them: each node's {@code spec.podCIDRs}, summarized over all nodes. */
final class PodCidrs {

    private PodCidrs() {}

    static List<String> fromNodes(Collection<Node> nodes) {
        List<String> texts = new ArrayList<>();
        for (Node node : nodes) {
            texts.addAll(nodeCidrs(node));
        }
        return CidrTexts.summarize(texts, "node spec.podCIDRs");
    }

    private static List<String> nodeCidrs(Node node) {
        if (node.getSpec() == null) {
            return List.of();
        }
        List<String> plural = node.getSpec().getPodCIDRs();
        if (plural != null && !plural.isEmpty()) {
            return plural;
        }
        // clusters before dual-stack (1.16) fill only the singular field
        String singular = node.getSpec().getPodCIDR();
        return singular == null || singular.isBlank() ? List.of() : List.of(singular);
    }
}
