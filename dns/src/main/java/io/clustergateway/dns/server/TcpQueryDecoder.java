package io.clustergateway.dns.server;

import io.clustergateway.dns.chain.Query;
import io.clustergateway.dns.chain.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;

/**
 * One length-delimited TCP frame → {@link Query}; the frame is released by the base class once decoded. A frame that
 * cannot be a query (under a header's length, or a response) closes the connection: a client sending junk gets no
 * more of our time.
 */
@ChannelHandler.Sharable
final class TcpQueryDecoder extends MessageToMessageDecoder<ByteBuf> {
    static final TcpQueryDecoder INSTANCE = new TcpQueryDecoder();
    private static final Logger LOG = LoggerFactory.getLogger(TcpQueryDecoder.class);
    /** Stands in for a peer that has no IP address (never on a real socket): the allow list refuses it. */
    private static final InetSocketAddress NO_ADDRESS = new InetSocketAddress("0.0.0.0", 0);

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        InetSocketAddress client = ctx.channel().remoteAddress() instanceof InetSocketAddress peer ? peer : NO_ADDRESS;
        Query query = WireDecoder.decode(frame, client, Transport.TCP, System.nanoTime());
        if (query == null || query.message().getHeader().getFlag(Flags.QR)) {
            LOG.debug("TCP connection {} closed: a frame that is not a query", client);
            ctx.close();
            return;
        }
        out.add(query);
    }
}
