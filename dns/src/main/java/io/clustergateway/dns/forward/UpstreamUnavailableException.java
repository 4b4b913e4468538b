package io.clustergateway.dns.forward;

import io.clustergateway.dns.UpstreamFailure;

/**
 * No upstream of a pool answered before the query's deadline, or every one is known down; the message names the
 * pool and its servers, {@link #failure()} says what went wrong last.
 */
public class UpstreamUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    private final UpstreamFailure failure;

    public UpstreamUnavailableException(String message) {
        this(message, UpstreamFailure.UNREACHABLE);
    }

    public UpstreamUnavailableException(String message, UpstreamFailure failure) {
        super(message);
        this.failure = failure;
    }

    /** Its failure is read from {@code cause} (a timeout, a refusal, else the network). */
    public UpstreamUnavailableException(String message, Throwable cause) {
        super(message, cause);
        this.failure = cause == null ? UpstreamFailure.TIMEOUT : UpstreamFailure.of(cause);
    }

    public UpstreamFailure failure() {
        return failure;
    }
}
