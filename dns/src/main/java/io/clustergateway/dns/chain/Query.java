package io.clustergateway.dns.chain;

import java.net.InetSocketAddress;
import org.xbill.DNS.Message;

/**
 * One client query on its way through the chain. The message is the client's and is never modified;
 * handlers that need a different question build a new message.
 */
public final class Query {
    private final Message message;
    private final boolean malformed;
    private final InetSocketAddress client;
    private final Transport transport;
    private final long arrivalNanos;
    private final Trace trace;
    private long deadlineNanos;
    private String route = "admission";

    private Query(Message message, boolean malformed, InetSocketAddress client, Transport transport,
                  long arrivalNanos, Trace trace) {
        this.message = message;
        this.malformed = malformed;
        this.client = client;
        this.transport = transport;
        this.arrivalNanos = arrivalNanos;
        this.deadlineNanos = arrivalNanos;
        this.trace = trace;
    }

    public static Query of(Message message, InetSocketAddress client, Transport transport, long arrivalNanos) {
        return new Query(message, false, client, transport, arrivalNanos, Trace.NONE);
    }

    /** A query whose header parsed but whose body did not: the message holds the header and the question if any. */
    public static Query malformed(Message headerOnly, InetSocketAddress client, Transport transport, long arrivalNanos) {
        return new Query(headerOnly, true, client, transport, arrivalNanos, Trace.NONE);
    }

    public static Query traced(Message message, InetSocketAddress client, long arrivalNanos, Trace trace) {
        return new Query(message, false, client, Transport.UDP, arrivalNanos, trace);
    }

    public Message message() {
        return message;
    }

    public boolean isMalformed() {
        return malformed;
    }

    public InetSocketAddress client() {
        return client;
    }

    public Transport transport() {
        return transport;
    }

    public long arrivalNanos() {
        return arrivalNanos;
    }

    public long deadlineNanos() {
        return deadlineNanos;
    }

    public void deadlineNanos(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    public Trace trace() {
        return trace;
    }

    /** The route label ("alias:old", "upstream", ...); "admission" until routing has decided. */
    public String route() {
        return route;
    }

    public void route(String label) {
        this.route = label;
    }
}
