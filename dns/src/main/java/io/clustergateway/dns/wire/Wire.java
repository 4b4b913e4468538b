package io.clustergateway.dns.wire;

/**
 * The numbers of the DNS wire format that more than one part of the server reads or writes, and the byte helpers
 * to read and write them: one place, so the query reader, the encoder, the cache and the forwarder agree.
 */
public final class Wire {
    /** Header length; the question starts here. */
    public static final int HEADER_LENGTH = 12;
    /** Our EDNS0 UDP payload size (DNS flag day 2020): advertised, and the cap on what we send a client. */
    public static final int EDNS_UDP_SIZE = 1232;
    /** What a client without EDNS takes over UDP (RFC 1035 4.2.1). */
    public static final int PLAIN_UDP_SIZE = 512;
    /** The longest message a two-byte TCP length prefix can frame. */
    public static final int MAX_MESSAGE = 65535;
    /** An OPT record without options: root owner (1), type (2), class = size (2), TTL = flags (4), RDLENGTH (2). */
    public static final int OPT_LENGTH = 11;

    private Wire() {}

    /** How long an answer may be over UDP for a client that sent (or did not send) an OPT with this size. */
    public static int udpLimit(boolean clientEdns, int clientPayloadSize) {
        return clientEdns ? Math.min(Math.max(clientPayloadSize, PLAIN_UDP_SIZE), EDNS_UDP_SIZE) : PLAIN_UDP_SIZE;
    }

    public static int u16(byte[] wire, int offset) {
        return ((wire[offset] & 0xff) << 8) | (wire[offset + 1] & 0xff);
    }

    public static void putU16(byte[] wire, int offset, int value) {
        wire[offset] = (byte) (value >>> 8);
        wire[offset + 1] = (byte) value;
    }

    public static long u32(byte[] wire, int offset) {
        return ((long) u16(wire, offset) << 16) | u16(wire, offset + 2);
    }

    public static void putU32(byte[] wire, int offset, long value) {
        putU16(wire, offset, (int) (value >>> 16));
        putU16(wire, offset + 2, (int) value);
    }
}
