/**
 * Netty listeners: UDP (several SO_REUSEPORT channels under epoll) and TCP (2-byte length framing, pipelined
 * answers, idle timeout) on every listen address. Bytes become a dnsjava message in the decoders and the answer
 * becomes bytes in {@link io.clustergateway.dns.server.ResponseEncoder}; nothing in between sees a ByteBuf.
 */
package io.clustergateway.dns.server;
