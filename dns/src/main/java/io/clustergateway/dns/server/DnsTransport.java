package io.clustergateway.dns.server;

import io.clustergateway.dns.chain.CacheShortcut;
import io.clustergateway.dns.chain.QueryHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** The listening side of the server: sockets on every address, feeding queries to the chain. */
public final class DnsTransport {
    private final Listeners listeners;
    private final InFlight inFlight;

    private DnsTransport(Listeners listeners, InFlight inFlight) {
        this.listeners = listeners;
        this.inFlight = inFlight;
    }

    public static DnsTransport bind(EventLoops loops, List<InetSocketAddress> addresses, int udpChannelsPerAddress,
                                    QueryHandler chain, Duration timeout, AnswerSink sink) throws IOException {
        return bind(loops, addresses, udpChannelsPerAddress, chain, null, timeout, sink);
    }

    /** @param shortcut answers fresh cache hits over UDP from bytes before the chain sees them; null: none */
    public static DnsTransport bind(EventLoops loops, List<InetSocketAddress> addresses, int udpChannelsPerAddress,
                                    QueryHandler chain, CacheShortcut shortcut, Duration timeout, AnswerSink sink)
            throws IOException {
        InFlight inFlight = new InFlight();
        QueryDispatcher dispatcher = new QueryDispatcher(chain, timeout, sink, inFlight);
        CacheShortcutHandler shortcutHandler = shortcut == null ? null : new CacheShortcutHandler(shortcut, sink);
        Listeners listeners = Listeners.bind(loops, addresses, udpChannelsPerAddress, shortcutHandler, dispatcher);
        dispatcher.acceptWhile(listeners::accepting);
        if (shortcutHandler != null) {
            shortcutHandler.acceptWhile(listeners::accepting);
        }
        return new DnsTransport(listeners, inFlight);
    }

    public List<InetSocketAddress> addresses() {
        return listeners.addresses();
    }

    public boolean allOpen() {
        return listeners.allOpen();
    }

    /** New queries are no longer taken; answers to those in flight still go out. */
    public void stopAccepting() {
        listeners.stopAccepting();
    }

    /** Closes every socket. */
    public void stopListening() {
        listeners.close();
    }

    public boolean awaitDrained(Duration atMost) throws InterruptedException {
        return inFlight.awaitDrained(atMost);
    }

    public int inFlight() {
        return inFlight.count();
    }
}
