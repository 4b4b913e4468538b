package io.clustergateway.dns.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Epoll on Linux (SO_REUSEPORT, fewer copies), NIO elsewhere: the event loops and matching channel types. */
public record EventLoops(EventLoopGroup group, boolean epoll, Class<? extends DatagramChannel> datagramChannel,
                         Class<? extends ServerSocketChannel> serverChannel,
                         Class<? extends SocketChannel> socketChannel) {

    public static EventLoops create(int threads) {
        return create(threads, true);
    }

    /** With {@code preferEpoll} false: NIO even on Linux (what a host without the native library gets). */
    static EventLoops create(int threads, boolean preferEpoll) {
        DefaultThreadFactory threadFactory = new DefaultThreadFactory("dns", true);
        if (preferEpoll && Epoll.isAvailable()) {
            return new EventLoops(new EpollEventLoopGroup(threads, threadFactory), true, EpollDatagramChannel.class,
                    EpollServerSocketChannel.class, EpollSocketChannel.class);
        }
        return new EventLoops(new NioEventLoopGroup(threads, threadFactory), false, NioDatagramChannel.class,
                NioServerSocketChannel.class, NioSocketChannel.class);
    }
}
