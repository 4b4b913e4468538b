package io.clustergateway.dns.chain;

/**
 * Notes what happened to one query for explain. Client queries use {@link #NONE}, which keeps the hot path
 * free of bookkeeping.
 */
public interface Trace {
    default void asked(String pool) {}

    default void answeredBy(String who) {}

    /** Whether the query must go to the pools even when the cache holds an answer (explain's nocache). */
    default boolean bypassesCache() {
        return false;
    }

    /** {@code pool} gave no usable answer; {@code reason} says what happened, in an operator's words. */
    default void failed(String pool, String reason) {}

    Trace NONE = new Trace() {};
}
