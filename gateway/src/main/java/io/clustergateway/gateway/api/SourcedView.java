package io.clustergateway.gateway.api;

import io.clustergateway.gateway.model.Source;
import io.clustergateway.gateway.model.Sourced;
import io.quarkus.qute.TemplateData;
import java.util.List;
import java.util.function.Function;

/** An effective list of values as text, and where it came from: how /api/v1/clusters and the status page show it. */
@TemplateData
public record SourcedView(List<String> values, Source source, String detail) {
    public SourcedView {
        values = List.copyOf(values);
    }

    static <T> SourcedView of(Sourced<List<T>> sourced, Function<T, String> text) {
        return new SourcedView(sourced.value().stream().map(text).toList(), sourced.source(), sourced.detail());
    }

    /** "config", "discovery (nodes)". */
    public String origin() {
        return detail.isEmpty() ? source.id() : source.id() + " (" + detail + ")";
    }
}
