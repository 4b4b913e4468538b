package io.clustergateway.gateway.api;

import java.util.List;

/** A query parameter outside the accepted values; answered 400 with the values that would work. */
public class UnknownValueException extends RuntimeException {
    private final List<String> accepted;

    public UnknownValueException(String message, List<String> accepted) {
        super(message);
        this.accepted = List.copyOf(accepted);
    }

    public List<String> accepted() {
        return accepted;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
