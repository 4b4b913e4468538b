package io.clustergateway.dns.forward;

import io.clustergateway.dns.netty.TurnFlusher;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;

/**
 * One connected UDP socket to one upstream and the queries waiting for an answer on it, keyed by query ID. An
 * answer is matched by its ID, then the query's {@link ResponseValidator} decides (sender, ID, QR, question);
 * anything else is ignored and the query keeps waiting until its timeout. Confined to its event loop.
 */
final class UdpSocket extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(UdpSocket.class);
    /**
     * We advertise 1232 bytes (EDNS) or expect 512 (none); 4096 also holds answers of upstreams that ignore our
     * size and use the old common default. A datagram that fills the buffer may have been cut by the kernel: it is
     * treated as truncated, which makes the pool ask again over TCP.
     */
    static final int RECEIVE_BUFFER = 4096;

    private final InetSocketAddress upstream;
    private final EventLoop loop;
    private final IntObjectHashMap<Pending> pending = new IntObjectHashMap<>();
    private final long openedAt;
    private ChannelFuture ready;
    private int sent;
    private boolean retired;
    private boolean failed;

    private UdpSocket(EventLoop loop, InetSocketAddress upstream) {
        this.loop = loop;
        this.upstream = upstream;
        this.openedAt = System.nanoTime();
    }

    /** A new socket connected to {@code upstream}; the kernel binds it to a random ephemeral port. */
    static UdpSocket open(EventLoop loop, NettyTransport transport, InetSocketAddress upstream) {
        UdpSocket socket = new UdpSocket(loop, upstream);
        socket.ready = new Bootstrap()
                .group(loop)
                .channelFactory(transport.datagram(upstream))
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER))
                .handler(socket)
                .connect(upstream);
        socket.ready.addListener(connected -> {
            if (!connected.isSuccess()) {
                socket.failAll(connected.cause());
            }
        });
        return socket;
    }

    /** Still takes new queries: open, not failed, and neither worn out by use nor too old at {@code now}. */
    boolean usable(int maxQueries, long maxAgeNanos, long now) {
        return !retired && !failed && sent < maxQueries && now - openedAt < maxAgeNanos;
    }

    boolean hasPending(int id) {
        return pending.containsKey(id);
    }

    boolean isOpen() {
        return ready.channel().isOpen();
    }

    void send(byte[] wire, ResponseValidator validator, long timeoutNanos, CompletableFuture<Message> answer) {
        Pending waiting = new Pending(validator, answer, timeoutNanos);
        pending.put(validator.id(), waiting);
        sent++;
        waiting.timer = loop.schedule(waiting, timeoutNanos, TimeUnit.NANOSECONDS);
        if (ready.isDone()) {
            write(wire, waiting);
        } else {
            ready.addListener(connected -> write(wire, waiting));
        }
    }

    private void write(byte[] wire, Pending waiting) {
        if (!ready.isSuccess()) {
            finish(waiting, null, ready.cause());
            return;
        }
        // A failed write reaches exceptionCaught through the void promise and fails what waits here. The flush
        // waits for the end of this event-loop turn: queries read in one batch leave together.
        Channel channel = ready.channel();
        channel.write(Unpooled.wrappedBuffer(wire), channel.voidPromise());
        TurnFlusher.flushSoon(channel);
    }

    /** Takes no new queries; closes once the last waiting one has its answer or timed out. */
    void retire() {
        retired = true;
        if (pending.isEmpty()) {
            ready.channel().close();
        }
    }

    void close() {
        retired = true;
        ready.channel().close(); // channelInactive fails what still waits
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof DatagramPacket packet) {
                received(packet.sender(), packet.content());
            } else if (msg instanceof ByteBuf bytes) {
                received(upstream, bytes);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void received(InetSocketAddress sender, ByteBuf content) {
        int length = content.readableBytes();
        Pending waiting = length >= 2 ? pending.get(content.getUnsignedShort(content.readerIndex())) : null;
        if (waiting == null) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("ignored a datagram from {} on {}: no query waits for it ({} bytes)",
                        sender, ready.channel(), length);
            }
            return;
        }
        byte[] wire = ByteBufUtil.getBytes(content);
        ResponseValidator.Verdict verdict = length >= RECEIVE_BUFFER
                ? waiting.validator.checkCut(sender, wire) : waiting.validator.check(sender, wire);
        if (verdict instanceof ResponseValidator.Accepted accepted) {
            finish(waiting, accepted.answer(), null);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("ignored a datagram on {}: {}", ready.channel(), ((ResponseValidator.Rejected) verdict).reason());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port-unreachable (or a failed send) on a socket connected to one upstream concerns every query on it.
        failAll(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        failAll(new IOException("UDP socket to " + Upstream.hostPort(upstream) + " closed before an answer"));
        super.channelInactive(ctx);
    }

    private void failAll(Throwable cause) {
        failed = true;
        if (!pending.isEmpty()) {
            List<Pending> all = new ArrayList<>(pending.values());
            for (Pending waiting : all) {
                finish(waiting, null, cause);
            }
        }
        ready.channel().close();
    }

    private void finish(Pending waiting, Message answer, Throwable error) {
        if (pending.get(waiting.validator.id()) == waiting) {
            pending.remove(waiting.validator.id());
        }
        ScheduledFuture<?> timer = waiting.timer;
        if (timer != null) {
            timer.cancel(false);
        }
        if (retired && pending.isEmpty()) {
            ready.channel().close();
        }
        if (error == null) {
            waiting.answer.complete(answer);
        } else {
            waiting.answer.completeExceptionally(error);
        }
    }

    /** One query waiting for its answer; runs as its own timeout. */
    private final class Pending implements Runnable {
        final ResponseValidator validator;
        final CompletableFuture<Message> answer;
        final long timeoutNanos;
        ScheduledFuture<?> timer;

        Pending(ResponseValidator validator, CompletableFuture<Message> answer, long timeoutNanos) {
            this.validator = validator;
            this.answer = answer;
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        public void run() {
            timer = null;
            finish(this, null, new TimeoutException("no answer over UDP from " + Upstream.hostPort(upstream)
                    + " within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + "ms"));
        }
    }
}
