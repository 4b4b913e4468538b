package io.clustergateway.dns.server;

import io.clustergateway.dns.chain.Query;
import io.clustergateway.dns.chain.QueryHandler;
import io.clustergateway.dns.chain.Replies;
import io.clustergateway.dns.chain.Transport;
import io.clustergateway.dns.netty.TurnFlusher;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * Hands each decoded query to the chain and writes the answer when it completes (out of order on TCP).
 * A guard timer answers SERVFAIL if the chain has not answered shortly after the deadline: never a hang,
 * and nothing thrown by the chain ever reaches Netty.
 */
@ChannelHandler.Sharable
final class QueryDispatcher extends SimpleChannelInboundHandler<Query> {
    private static final Logger LOG = LoggerFactory.getLogger(QueryDispatcher.class);
    private static final long GUARD_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Unanswered queries one TCP connection may have before we stop reading from it (backpressure). */
    static final int TCP_MAX_PENDING = 128;
    private static final AttributeKey<AtomicInteger> PENDING = AttributeKey.valueOf("dns.pending");

    private final QueryHandler chain;
    private final long timeoutNanos;
    private final AnswerSink sink;
    private final InFlight inFlight;
    private volatile BooleanSupplier accepting = () -> true;

    QueryDispatcher(QueryHandler chain, Duration timeout, AnswerSink sink, InFlight inFlight) {
        this.chain = chain;
        this.timeoutNanos = timeout.toNanos();
        this.sink = sink;
        this.inFlight = inFlight;
    }

    void acceptWhile(BooleanSupplier accepting) {
        this.accepting = accepting;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Query query) {
        if (!accepting.getAsBoolean()) {
            return; // closing: the client will retry another server
        }
        query.deadlineNanos(query.arrivalNanos() + timeoutNanos);
        inFlight.begin();
        if (query.transport() == Transport.TCP) {
            holdBackIfBusy(ctx.channel());
        }
        Reply reply = new Reply(ctx.channel(), query);
        CompletableFuture<Message> answer;
        try {
            answer = chain.handle(query);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        if (answer.isDone()) {
            answer.whenComplete(reply);
            return;
        }
        long delay = query.deadlineNanos() + GUARD_SLACK_NANOS - System.nanoTime();
        reply.guard = ctx.channel().eventLoop().schedule(reply, Math.max(delay, 0), TimeUnit.NANOSECONDS);
        answer.whenComplete(reply);
    }

    private static void holdBackIfBusy(Channel channel) {
        Attribute<AtomicInteger> attribute = channel.attr(PENDING);
        AtomicInteger pending = attribute.get();
        if (pending == null) {
            pending = new AtomicInteger();
            attribute.set(pending);
        }
        if (pending.incrementAndGet() >= TCP_MAX_PENDING) {
            channel.config().setAutoRead(false);
        }
    }

    private static void answeredOne(Channel channel) {
        AtomicInteger pending = channel.attr(PENDING).get();
        if (pending != null && pending.decrementAndGet() <= TCP_MAX_PENDING / 2 && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("error on {}: {}", ctx.channel(), cause.toString());
        if (ctx.channel() instanceof io.netty.channel.socket.SocketChannel) {
            ctx.close();
        }
    }

    private final class Reply extends AtomicBoolean implements BiConsumer<Message, Throwable>, Runnable {
        private final Channel channel;
        private final Query query;
        volatile ScheduledFuture<?> guard;

        Reply(Channel channel, Query query) {
            this.channel = channel;
            this.query = query;
        }

        @Override
        public void accept(Message answer, Throwable error) {
            if (error != null) {
                LOG.debug("query {} failed: {}", query.message().getQuestion(), error.toString());
                answer = Replies.servfail(query.message(), error);
            }
            send(answer);
        }

        /** The guard timer fired: the chain missed its deadline. */
        @Override
        public void run() {
            LOG.debug("query {} not answered by its deadline", query.message().getQuestion());
            send(Replies.servfail(query.message(), ExtendedErrorCodeOption.NO_REACHABLE_AUTHORITY,
                    "no answer within the query's time budget"));
        }

        private void send(Message answer) {
            if (!compareAndSet(false, true)) {
                return;
            }
            ScheduledFuture<?> timer = guard;
            if (timer != null) {
                timer.cancel(false);
            }
            try {
                if (answer != null) {
                    write(answer);
                    sink.answered(query.route(), answer.getRcode(), query.arrivalNanos());
                }
            } catch (RuntimeException e) {
                LOG.warn("cannot answer {}: {}", query.message().getQuestion(), e.toString());
            } finally {
                if (query.transport() == Transport.TCP) {
                    answeredOne(channel);
                }
                inFlight.end();
            }
        }

        private void write(Message answer) {
            byte[] wire = ResponseEncoder.encode(query.message(), answer, query.transport());
            if (query.transport() == Transport.UDP) {
                DatagramPacket out = new DatagramPacket(Unpooled.wrappedBuffer(wire), query.client());
                if (channel.eventLoop().inEventLoop()) {
                    // answers made in one loop turn (a read batch, upstream answers read together) leave together
                    channel.write(out, channel.voidPromise());
                    TurnFlusher.flushSoon(channel);
                } else {
                    channel.writeAndFlush(out, channel.voidPromise());
                }
            } else if (channel.isActive()) {
                channel.writeAndFlush(Unpooled.wrappedBuffer(wire), channel.voidPromise());
            }
        }
    }
}
