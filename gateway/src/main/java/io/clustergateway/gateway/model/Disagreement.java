package io.clustergateway.gateway.model;

import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * The configuration and the cluster's API say different things; the configured value is used.
 *
 * @param field "dns", "pod-cidrs" or "service-cidrs"
 */
@TemplateData
public record Disagreement(String cluster, String field, List<String> configured, List<String> discovered,
                           String discoverySource) {
    public Disagreement {
        configured = List.copyOf(configured);
        discovered = List.copyOf(discovered);
    }

    /** One log line: what is used, what was seen and where. */
    public String describe() {
        return "cluster " + cluster + ": configured " + field + " " + configured + " (used) differs from discovered "
                + discovered + (discoverySource.isEmpty() ? "" : " (from " + discoverySource + ")");
    }
}
