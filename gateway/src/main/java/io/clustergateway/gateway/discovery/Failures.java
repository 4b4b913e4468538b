package io.clustergateway.gateway.discovery;

import java.io.IOException;

/** Failure texts for the status page: fabric8 wraps the telling part ("Connection refused") a few levels down. */
final class Failures {

    private Failures() {}

    /** The failure's message plus its root cause's. */
    static String describe(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        String rootMessage = rootMessage(failure);
        return message.contains(rootMessage) ? message : message + ": " + rootMessage;
    }

    /** "cannot reach https://10.0.0.1:6443/: Connection refused" for transport failures; else {@link #describe}. */
    static String describe(Throwable failure, Object apiServer) {
        if (rootCause(failure) instanceof IOException) {
            return "cannot reach " + apiServer + ": " + rootMessage(failure);
        }
        return describe(failure);
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = rootCause(failure);
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
