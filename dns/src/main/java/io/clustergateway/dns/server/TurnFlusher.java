package io.clustergateway.dns.server;

import io.netty.channel.Channel;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * Flushes the UDP channels that were written during one event-loop turn once, after the turn's I/O: answers that
 * complete in the same turn (upstream answers read together) leave in one sendmmsg, and the client wakes up once
 * for all of them. One per event-loop thread; used only on the channel's own loop.
 */
final class TurnFlusher implements Runnable {
    private static final FastThreadLocal<TurnFlusher> PER_LOOP = new FastThreadLocal<>() {
        @Override
        protected TurnFlusher initialValue() {
            return new TurnFlusher();
        }
    };

    private final List<Channel> written = new ArrayList<>();
    private boolean scheduled;

    private TurnFlusher() {}

    /** Flushes {@code channel} at the end of this turn; call on its event loop only. */
    static void flushSoon(Channel channel) {
        TurnFlusher flusher = PER_LOOP.get();
        if (!flusher.written.contains(channel)) {
            flusher.written.add(channel);
        }
        if (!flusher.scheduled) {
            flusher.scheduled = true;
            try {
                channel.eventLoop().execute(flusher);
            } catch (RejectedExecutionException e) {
                flusher.run(); // the loop is shutting down: flush now rather than never
            }
        }
    }

    @Override
    public void run() {
        scheduled = false;
        for (int i = 0; i < written.size(); i++) {
            written.get(i).flush();
        }
        written.clear();
    }
}
