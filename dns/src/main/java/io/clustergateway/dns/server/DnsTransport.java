package io.clustergateway.dns.server;

import io.clustergateway.dns.chain.CacheShortcut;
import io.clustergateway.dns.chain.QueryHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening side of the server: sockets on every address, feeding queries to the chain. A wildcard listen
 * address follows the local addresses: they are read again every {@value LocalAddresses#FOLLOW_INTERVAL_SECONDS}
 * seconds on a thread of its own, since binding waits for the sockets and event loops must not wait.
 */
public final class DnsTransport {
    private static final Logger LOG = LoggerFactory.getLogger(DnsTransport.class);
    private static final Duration FOLLOW_INTERVAL = Duration.ofSeconds(LocalAddresses.FOLLOW_INTERVAL_SECONDS);

    private final Listeners listeners;
    private final InFlight inFlight;
    /** Null when no listen address is a wildcard: nothing to follow. */
    private final ScheduledExecutorService follower;

    private DnsTransport(Listeners listeners, InFlight inFlight, ScheduledExecutorService follower) {
        this.listeners = listeners;
        this.inFlight = inFlight;
        this.follower = follower;
    }

    public static DnsTransport bind(EventLoops loops, List<InetSocketAddress> addresses, int udpChannelsPerAddress,
                                    QueryHandler chain, Duration timeout, AnswerSink sink) throws IOException {
        return bind(loops, addresses, udpChannelsPerAddress, chain, null, timeout, sink);
    }

    /** @param shortcut answers fresh cache hits over UDP from bytes before the chain sees them; null: none */
    public static DnsTransport bind(EventLoops loops, List<InetSocketAddress> addresses, int udpChannelsPerAddress,
                                    QueryHandler chain, CacheShortcut shortcut, Duration timeout, AnswerSink sink)
            throws IOException {
        return bind(loops, addresses, udpChannelsPerAddress, chain, shortcut, timeout, sink,
                LocalAddresses.INTERFACES, FOLLOW_INTERVAL);
    }

    /** @param followEvery how often a wildcard listen address is expanded again from {@code localAddresses} */
    static DnsTransport bind(EventLoops loops, List<InetSocketAddress> addresses, int udpChannelsPerAddress,
                             QueryHandler chain, CacheShortcut shortcut, Duration timeout, AnswerSink sink,
                             LocalAddresses.Source localAddresses, Duration followEvery) throws IOException {
        InFlight inFlight = new InFlight();
        QueryDispatcher dispatcher = new QueryDispatcher(chain, timeout, sink, inFlight);
        CacheShortcutHandler shortcutHandler = shortcut == null ? null : new CacheShortcutHandler(shortcut, sink);
        Listeners listeners = Listeners.bind(loops, addresses, udpChannelsPerAddress, shortcutHandler, dispatcher,
                new TcpConnectionLimit(TcpConnectionLimit.DEFAULT_MAX), localAddresses);
        dispatcher.acceptWhile(listeners::accepting);
        if (shortcutHandler != null) {
            shortcutHandler.acceptWhile(listeners::accepting);
        }
        boolean wildcard = addresses.stream().anyMatch(LocalAddresses::isWildcard);
        return new DnsTransport(listeners, inFlight, wildcard ? follow(listeners, followEvery) : null);
    }

    private static ScheduledExecutorService follow(Listeners listeners, Duration every) {
        ScheduledExecutorService follower = Executors.newSingleThreadScheduledExecutor(
                new DefaultThreadFactory("dns-local-addresses", true));
        follower.scheduleWithFixedDelay(() -> {
            try {
                listeners.followLocalAddresses();
            } catch (RuntimeException e) {
                // thrown out of a periodic task, it would end the following for good
                LOG.warn("following the local addresses failed; trying again at the next check", e);
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return follower;
    }

    /** Whether the local addresses are still being followed (a wildcard is listened on, and not stopped). */
    boolean followsLocalAddresses() {
        return follower != null && !follower.isShutdown();
    }

    public List<InetSocketAddress> addresses() {
        return listeners.addresses();
    }

    public boolean allOpen() {
        return listeners.allOpen();
    }

    /** New queries are no longer taken; answers to those in flight still go out. */
    public void stopAccepting() {
        stopFollowing();
        listeners.stopAccepting();
    }

    /** Closes every socket. */
    public void stopListening() {
        stopFollowing();
        listeners.close();
    }

    private void stopFollowing() {
        if (follower != null) {
            follower.shutdownNow();
        }
    }

    public boolean awaitDrained(Duration atMost) throws InterruptedException {
        return inFlight.awaitDrained(atMost);
    }

    public int inFlight() {
        return inFlight.count();
    }
}
