package io.clustergateway.dns.server;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import org.xbill.DNS.Message;

/** DNS over TCP as a client writes it by hand: each message behind a two-byte length (RFC 1035 4.2.2). */
final class TcpFrames {
    private TcpFrames() {}

    /** Writes one framed message; flushed only when {@code flush} (pipelining tests batch their writes). */
    static void write(OutputStream out, Message message, boolean flush) throws IOException {
        write(out, message.toWire(), flush);
    }

    /** Frames any bytes, garbage included. */
    static void write(OutputStream out, byte[] wire, boolean flush) throws IOException {
        out.write(wire.length >>> 8);
        out.write(wire.length & 0xff);
        out.write(wire);
        if (flush) {
            out.flush();
        }
    }

    static void write(Socket socket, Message message) throws IOException {
        write(socket.getOutputStream(), message, true);
    }

    static Message read(DataInputStream in) throws IOException {
        byte[] wire = new byte[in.readUnsignedShort()];
        in.readFully(wire);
        return new Message(wire);
    }

    static Message read(Socket socket) throws IOException {
        return read(new DataInputStream(socket.getInputStream()));
    }
}
