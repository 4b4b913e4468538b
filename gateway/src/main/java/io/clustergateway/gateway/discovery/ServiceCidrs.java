package io.clustergateway.gateway.discovery;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Service CIDRs from {@code ServiceCIDR} objects (networking.k8s.io; v1 since Kubernetes 1.33, v1beta1 in 1.31-1.32).
 *
 * <p>Read as generic resources so the gateway works whether or not the model classes know the version.
 */
final class ServiceCidrs {

    static final String GROUP = "networking.k8s.io";
    /** Newest first: the first version the API serves is used. */
    static final List<String> VERSIONS = List.of("v1", "v1beta1");

    private ServiceCidrs() {}

    static ResourceDefinitionContext context(String version) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(GROUP)
                .withVersion(version)
                .withKind("ServiceCIDR")
                .withPlural("servicecidrs")
                .withNamespaced(false)
                .build();
    }

    /** The union of every object's {@code spec.cidrs}, summarized. */
    static List<String> from(Collection<GenericKubernetesResource> objects) {
        List<String> texts = new ArrayList<>();
        for (GenericKubernetesResource object : objects) {
            if (object.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec
                    && spec.get("cidrs") instanceof List<?> cidrs) {
                cidrs.forEach(c -> texts.add(String.valueOf(c)));
            }
        }
        return CidrTexts.summarize(texts, "ServiceCIDR objects");
    }
}
