package io.clustergateway.dns.forward;

/** No upstream of a pool answered before the query's deadline; the message names the pool and its servers. */
public class UpstreamUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public UpstreamUnavailableException(String message) {
        super(message);
    }

    public UpstreamUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
