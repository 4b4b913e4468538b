package io.clustergateway.gateway.discovery;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Watches the gateway's own node and keeps {@link NodeTaint#warning} current, so the warning disappears from the
 * status page once somebody taints the node, without a restart.
 */
final class NodeTaintWatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClusterDiscovery.class);

    private final String nodeName;
    private final SharedIndexInformer<Node> informer;
    private volatile Optional<String> warning = Optional.empty();
    private volatile boolean failureReported;

    private NodeTaintWatch(String nodeName, SharedIndexInformer<Node> informer) {
        this.nodeName = nodeName;
        this.informer = informer;
    }

    /** Starts watching in the background; failures are logged and retried by the informer, never thrown. */
    static NodeTaintWatch start(KubernetesClient client, String nodeName) {
        NodeTaintWatch watch = new NodeTaintWatch(nodeName, client.nodes().withName(nodeName).runnableInformer(0));
        watch.informer.addEventHandler(watch.new Handler());
        watch.informer.exceptionHandler((started, failure) -> {
            // the informer retries with backoff; one WARN says the check is not happening, the rest is noise
            if (watch.failureReported) {
                LOG.debugf("cannot watch node %s: %s", nodeName, Failures.describe(failure));
            } else {
                watch.failureReported = true;
                LOG.warnf("cannot watch node %s for the %s taint (retrying): %s", nodeName, NodeTaint.KEY,
                        Failures.describe(failure));
            }
            return true;
        });
        watch.informer.start();
        return watch;
    }

    Optional<String> warning() {
        return warning;
    }

    private synchronized void update(Optional<String> next) {
        if (next.equals(warning)) {
            return;
        }
        warning = next;
        if (next.isPresent()) {
            LOG.warn(next.get());
        } else {
            LOG.infof("node %s carries the taint %s:%s", nodeName, NodeTaint.KEY, NodeTaint.EFFECT);
        }
    }

    @Override
    public void close() {
        informer.stop();
    }

    private final class Handler implements ResourceEventHandler<Node> {
        @Override
        public void onAdd(Node node) {
            update(NodeTaint.warning(node));
        }

        @Override
        public void onUpdate(Node oldNode, Node newNode) {
            update(NodeTaint.warning(newNode));
        }

        @Override
        public void onDelete(Node node, boolean deletedFinalStateUnknown) {
            // a node that is gone schedules nothing; keep no stale warning about it
            if (Objects.equals(node.getMetadata().getName(), nodeName)) {
                update(Optional.empty());
            }
        }
    }
}
