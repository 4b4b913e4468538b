package io.clustergateway.dns.server;

import io.clustergateway.dns.chain.Query;
import io.clustergateway.dns.chain.Transport;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/** Datagram → {@link Query}; the packet is released by the base class once decoded. */
@ChannelHandler.Sharable
final class UdpQueryDecoder extends MessageToMessageDecoder<DatagramPacket> {
    static final UdpQueryDecoder INSTANCE = new UdpQueryDecoder();

    @Override
    protected void decode(ChannelHandlerContext ctx, DatagramPacket packet, List<Object> out) {
        Query query = WireDecoder.decode(packet.content(), packet.sender(), Transport.UDP, System.nanoTime());
        if (query != null) {
            out.add(query);
        }
    }
}
