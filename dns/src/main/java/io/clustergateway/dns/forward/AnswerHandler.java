package io.clustergateway.dns.forward;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;

/**
 * The receiving end of one TCP exchange (a frame without its length prefix): completes the exchange
 * with the first answer the validator accepts, and logs and ignores the rest. Releases what it reads.
 */
final class AnswerHandler extends SimpleChannelInboundHandler<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(AnswerHandler.class);

    private final ResponseValidator validator;
    private final CompletableFuture<Message> answer;

    AnswerHandler(ResponseValidator validator, CompletableFuture<Message> answer) {
        this.validator = validator;
        this.answer = answer;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        InetSocketAddress sender;
        ByteBuf content;
        if (msg instanceof DatagramPacket packet) {
            sender = packet.sender();
            content = packet.content();
        } else if (msg instanceof ByteBuf frame) {
            sender = (InetSocketAddress) ctx.channel().remoteAddress();
            content = frame;
        } else {
            return;
        }
        ResponseValidator.Verdict verdict = validator.check(sender, ByteBufUtil.getBytes(content));
        if (verdict instanceof ResponseValidator.Accepted accepted) {
            answer.complete(accepted.answer());
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("ignored a datagram on {}: {}", ctx.channel(), ((ResponseValidator.Rejected) verdict).reason());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        answer.completeExceptionally(cause);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // Over TCP the upstream may hang up without answering; over UDP only we close, after the answer.
        answer.completeExceptionally(new IOException("connection closed by " + ctx.channel().remoteAddress()
                + " before an answer"));
        super.channelInactive(ctx);
    }
}
