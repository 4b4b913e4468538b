package io.clustergateway.gateway.discovery;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the cluster DNS (CoreDNS) address among the Services of {@code kube-system}.
 *
 * <p>kubeadm names the Service {@code kube-dns} even when CoreDNS runs behind it; other installers keep only
 * the {@code k8s-app=kube-dns} label, so the label is the fallback.
 */
final class CoreDnsLocator {

    static final String NAMESPACE = "kube-system";
    static final String SERVICE_NAME = "kube-dns";
    static final String APP_LABEL = "k8s-app";
    private static final int DNS_PORT = 53;

    private CoreDnsLocator() {}

    /** The ClusterIP and DNS port of the cluster DNS Service, if {@code services} holds one with a ClusterIP. */
    static Optional<InetSocketAddress> locate(Collection<Service> services) {
        List<Service> inKubeSystem = services.stream()
                .filter(s -> NAMESPACE.equals(s.getMetadata().getNamespace()))
                .toList();
        Optional<Service> byName = inKubeSystem.stream()
                .filter(s -> SERVICE_NAME.equals(s.getMetadata().getName()))
                .findFirst();
        Optional<Service> byLabel = inKubeSystem.stream()
                .filter(s -> SERVICE_NAME.equals(labels(s).get(APP_LABEL)))
                // deterministic choice when several carry the label
                .min(Comparator.comparing(s -> s.getMetadata().getName()));
        return byName.flatMap(CoreDnsLocator::address).or(() -> byLabel.flatMap(CoreDnsLocator::address));
    }

    private static Optional<InetSocketAddress> address(Service service) {
        String clusterIp = service.getSpec() == null ? null : service.getSpec().getClusterIP();
        if (clusterIp == null || clusterIp.isBlank() || "None".equals(clusterIp)) {
            return Optional.empty();
        }
        try {
            // a literal IP: getByName does not resolve it, it only parses
            return Optional.of(new InetSocketAddress(InetAddress.getByName(clusterIp), dnsPort(service)));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Port 53 when the Service offers it; else its port named "dns" (UDP first); else 53. */
    static int dnsPort(Service service) {
        List<ServicePort> ports = service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
        if (ports.stream().anyMatch(p -> Objects.equals(p.getPort(), DNS_PORT))) {
            return DNS_PORT;
        }
        return ports.stream()
                .filter(p -> "dns".equals(p.getName()) || "UDP".equals(p.getProtocol()))
                .min(Comparator.comparing((ServicePort p) -> "UDP".equals(p.getProtocol()) ? 0 : 1))
                .map(ServicePort::getPort)
                .orElse(DNS_PORT);
    }

    private static Map<String, String> labels(Service service) {
        Map<String, String> labels = service.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }
}
