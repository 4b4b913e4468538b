package io.clustergateway.dns.forward;

import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Message;

/** One query sent to one upstream over one transport, answered or failed within its timeout. */
interface Exchange {
    /**
     * @param loop all I/O and the timer run there, so the caller's continuations run on it too
     * @return the first answer {@code validator} accepts; exceptionally with a {@link java.util.concurrent.TimeoutException}
     *     after {@code timeoutNanos}, or with the transport's error (connection refused, port unreachable)
     */
    CompletableFuture<Message> exchange(EventLoop loop, InetSocketAddress upstream, byte[] wire,
                                        ResponseValidator validator, long timeoutNanos);

    /** Releases sockets the transport keeps between exchanges; exchanges still waiting fail. */
    default void close() {}
}
