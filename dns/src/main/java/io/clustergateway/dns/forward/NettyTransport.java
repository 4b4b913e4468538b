package io.clustergateway.dns.forward;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** Channel classes that fit the event loop group we were given: epoll channels only run on epoll loops. */
enum NettyTransport {
    EPOLL,
    NIO;

    static NettyTransport forGroup(EventLoopGroup group) {
        if (group instanceof EpollEventLoopGroup) {
            return EPOLL;
        }
        if (group instanceof NioEventLoopGroup) {
            return NIO;
        }
        // A single event loop (or a wrapper) was passed: its class tells the transport.
        return Epoll.isAvailable() && group.next().getClass().getName().contains("Epoll") ? EPOLL : NIO;
    }

    ChannelFactory<DatagramChannel> datagram(InetSocketAddress remote) {
        InternetProtocolFamily family = remote.getAddress() instanceof Inet6Address
                ? InternetProtocolFamily.IPv6 : InternetProtocolFamily.IPv4;
        return this == EPOLL ? () -> new EpollDatagramChannel(family) : () -> new NioDatagramChannel(family);
    }

    ChannelFactory<SocketChannel> stream() {
        return this == EPOLL ? EpollSocketChannel::new : NioSocketChannel::new;
    }
}
