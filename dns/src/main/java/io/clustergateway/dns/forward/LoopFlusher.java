package io.clustergateway.dns.forward;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * Flushes channels written during one event-loop turn once, after the turn's I/O: the queries forwarded while a
 * batch of client datagrams is read leave as a burst, so the receivers wake up once per burst rather than once
 * per datagram. Confined to its loop.
 */
final class LoopFlusher implements Runnable {
    private final EventLoop loop;
    private final List<Channel> written = new ArrayList<>();
    private boolean scheduled;
    private long turn;

    LoopFlusher(EventLoop loop) {
        this.loop = loop;
    }

    /** Counts the turns in which something was written; changes once the writes of a turn are flushed. */
    long turn() {
        return turn;
    }

    void flushSoon(Channel channel) {
        if (!written.contains(channel)) {
            written.add(channel);
        }
        if (!scheduled) {
            scheduled = true;
            loop.execute(this); // runs after the I/O events of this turn
        }
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
