package io.clustergateway.dns.server;

import io.clustergateway.dns.chain.Query;
import io.clustergateway.dns.chain.Transport;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Bytes → {@link Query}, shared by the UDP and TCP decoders. Under a header's length there is nobody to answer
 * (null: drop); a parsable header over a broken body still gets a FORMERR, so it becomes a malformed query.
 */
final class WireDecoder {
    private WireDecoder() {}

    static Query decode(ByteBuf bytes, InetSocketAddress client, Transport transport, long arrivalNanos) {
        if (bytes.readableBytes() < Header.LENGTH) {
            return null;
        }
        try {
            return Query.of(new Message(bytes.nioBuffer()), client, transport, arrivalNanos);
        } catch (IOException | RuntimeException e) {
            return Query.malformed(headerAndQuestion(bytes), client, transport, arrivalNanos);
        }
    }

    /** The header as sent, plus the first question when it parses on its own (for the FORMERR echo). */
    private static Message headerAndQuestion(ByteBuf bytes) {
        byte[] wire = new byte[bytes.readableBytes()];
        bytes.getBytes(bytes.readerIndex(), wire);
        Header sent;
        try {
            sent = new Header(wire);
        } catch (IOException e) {
            throw new IllegalStateException("a 12-byte header always parses", e);
        }
        Message echo = new Message(sent.getID());
        Header header = echo.getHeader();
        header.setOpcode(sent.getOpcode());
        for (int flag : new int[] {Flags.QR, Flags.RD, Flags.CD}) {
            if (sent.getFlag(flag)) {
                header.setFlag(flag);
            }
        }
        if (sent.getCount(Section.QUESTION) > 0) {
            questionOf(wire).ifPresent(q -> echo.addRecord(q, Section.QUESTION));
        }
        return echo;
    }

    private static Optional<Record> questionOf(byte[] wire) {
        byte[] onlyQuestion = wire.clone();
        // counts: QD=1, AN=NS=AR=0 — parse the first question and ignore what follows
        onlyQuestion[4] = 0;
        onlyQuestion[5] = 1;
        for (int i = 6; i < 12; i++) {
            onlyQuestion[i] = 0;
        }
        try {
            return Optional.ofNullable(new Message(onlyQuestion).getQuestion());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
