package io.clustergateway.gateway.model;

/**
 * An effective value (a cluster's DNS servers, pod or service CIDRs) and where it came from.
 *
 * @param detail which part of discovery found it ("nodes", "kube-dns service"); empty for configuration
 */
public record Sourced<T>(T value, Source source, String detail) {

    public static <T> Sourced<T> configured(T value) {
        return new Sourced<>(value, Source.CONFIG, "");
    }

    public static <T> Sourced<T> discovered(T value, String detail) {
        return new Sourced<>(value, Source.DISCOVERY, detail);
    }

    /** Neither configured nor (yet) discovered. */
    public static <T> Sourced<T> none(T empty) {
        return new Sourced<>(empty, Source.NONE, "");
    }

    /** "config", "discovery (nodes)": for the status page. */
    public String origin() {
        return detail.isEmpty() ? source.id() : source.id() + " (" + detail + ")";
    }
}
