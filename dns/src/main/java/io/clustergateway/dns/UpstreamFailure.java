package io.clustergateway.dns;

import java.net.ConnectException;
import java.net.PortUnreachableException;
import java.util.concurrent.TimeoutException;

/**
 * Why an upstream gave no answer, in the words explain, the status page and the log use: it stayed silent, it said
 * nobody listens there (ICMP port unreachable, TCP reset), or the network could not carry the query at all.
 */
public enum UpstreamFailure {
    TIMEOUT("timeout"),
    REFUSED("refused"),
    UNREACHABLE("unreachable");

    private final String word;

    UpstreamFailure(String word) {
        this.word = word;
    }

    /** "timeout", "refused" or "unreachable". */
    public String word() {
        return word;
    }

    /** Reads the first cause it knows in {@code error}'s chain; anything else is the network's fault. */
    public static UpstreamFailure of(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof TimeoutException) {
                return TIMEOUT;
            }
            if (cause instanceof PortUnreachableException || cause instanceof ConnectException
                    || String.valueOf(cause.getMessage()).contains("Connection refused")) {
                return REFUSED;
            }
        }
        return UNREACHABLE;
    }
}
