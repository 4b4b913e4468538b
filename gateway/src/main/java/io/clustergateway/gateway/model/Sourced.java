package io.clustergateway.gateway.model;

import io.quarkus.qute.TemplateData;
import java.util.List;

/** An effective list of values (CIDRs, DNS servers as text) and where it came from. */
@TemplateData
public record Sourced(List<String> values, Source source, String detail) {
    public Sourced {
        values = List.copyOf(values);
    }

    public static Sourced none() {
        return new Sourced(List.of(), Source.NONE, "");
    }

    /** "config", "discovery (nodes)": for the status page. */
    public String origin() {
        return detail.isEmpty() ? source.id() : source.id() + " (" + detail + ")";
    }
}
