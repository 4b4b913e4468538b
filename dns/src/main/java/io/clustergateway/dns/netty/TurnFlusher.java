package io.clustergateway.dns.netty;

import io.netty.channel.Channel;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * Flushes the channels written during one event-loop turn once, after the turn's I/O: answers that complete in
 * the same turn leave in one sendmmsg and the client wakes up once for all of them; queries forwarded while a
 * batch of client datagrams is read leave upstream as one burst. One per event-loop thread, shared by the
 * listeners and the forwarders of that loop; used only on the channel's own loop.
 */
public final class TurnFlusher implements Runnable {
    private static final FastThreadLocal<TurnFlusher> PER_LOOP = new FastThreadLocal<>() {
        @Override
        protected TurnFlusher initialValue() {
            return new TurnFlusher();
        }
    };

    private final List<Channel> written = new ArrayList<>();
    private boolean scheduled;
    private long turn;

    private TurnFlusher() {}

    /** Flushes {@code channel} at the end of this turn; call on its event loop only. */
    public static void flushSoon(Channel channel) {
        TurnFlusher flusher = PER_LOOP.get();
        if (!flusher.written.contains(channel)) {
            flusher.written.add(channel);
        }
        if (!flusher.scheduled) {
            flusher.scheduled = true;
            try {
                channel.eventLoop().execute(flusher); // runs after the I/O events of this turn
            } catch (RejectedExecutionException e) {
                flusher.run(); // the loop is shutting down: flush now rather than never
            }
        }
    }

    /**
     * Counts the turns of the calling event loop in which something was written; changes once the writes of a
     * turn are flushed, so "the same value" means "the same burst".
     */
    public static long turn() {
        return PER_LOOP.get().turn;
    }

    @Override
    public void run() {
        scheduled = false;
        turn++;
        for (int i = 0; i < written.size(); i++) {
            written.get(i).flush();
        }
        written.clear();
    }
}
