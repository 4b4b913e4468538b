package io.clustergateway.dns.server;

/** Told about each answer sent to a client (counters, listener) . */
@FunctionalInterface
public interface AnswerSink {
    /** @param route the query's route label; {@code arrivalNanos} on {@link System#nanoTime()} */
    void answered(String route, int rcode, long arrivalNanos);

    AnswerSink NONE = (route, rcode, arrivalNanos) -> {};
}
