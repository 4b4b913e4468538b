package io.clustergateway.dns.server;

import io.clustergateway.dns.chain.PlainQuery;
import io.clustergateway.dns.wire.Wire;
import io.netty.buffer.ByteBuf;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Type;

/**
 * Reads a {@link PlainQuery} from a datagram without building a Message, or gives up (null) on anything the full
 * decoder and {@link io.clustergateway.dns.chain.Admission} should see: a response, an opcode other than QUERY,
 * other than exactly one question, answer or authority records, more than one additional record or one that is not
 * a bare OPT of EDNS version 0 (a higher version gets BADVERS from the chain), compressed or invalid names, trailing
 * bytes.
 */
final class PlainQueries {
    private static final int QR_OPCODE = 0xF800;
    private static final int RD = 0x0100;
    private static final int CD = 0x0010;
    private static final int MAX_NAME = 255;

    private PlainQueries() {}

    static PlainQuery parse(ByteBuf bytes) {
        int start = bytes.readerIndex();
        int end = bytes.writerIndex();
        if (end - start < Header.LENGTH + 5) {
            return null;
        }
        int flags = bytes.getUnsignedShort(start + 2);
        if ((flags & QR_OPCODE) != 0 || bytes.getUnsignedShort(start + 4) != 1 || bytes.getUnsignedShort(start + 6) != 0
                || bytes.getUnsignedShort(start + 8) != 0) {
            return null;
        }
        int additional = bytes.getUnsignedShort(start + 10);
        if (additional > 1) {
            return null;
        }
        int nameStart = start + Header.LENGTH;
        int at = nameStart;
        while (true) {
            if (at >= end) {
                return null;
            }
            int label = bytes.getUnsignedByte(at);
            if (label == 0) {
                at++;
                break;
            }
            if (label > 63) {
                return null; // a compression pointer or a reserved label type
            }
            at += 1 + label;
        }
        int nameLength = at - nameStart;
        if (nameLength > MAX_NAME || at + 4 > end) {
            return null;
        }
        int type = bytes.getUnsignedShort(at);
        int dclass = bytes.getUnsignedShort(at + 2);
        at += 4;
        boolean hasOpt = additional == 1;
        int payloadSize = 0;
        boolean dnssecOk = false;
        if (hasOpt) {
            if (at + Wire.OPT_LENGTH != end || bytes.getUnsignedByte(at) != 0 || bytes.getUnsignedShort(at + 1) != Type.OPT
                    || bytes.getUnsignedByte(at + 6) != 0 || bytes.getUnsignedShort(at + 9) != 0) {
                return null;
            }
            payloadSize = bytes.getUnsignedShort(at + 3);
            dnssecOk = (bytes.getUnsignedShort(at + 7) & ExtendedFlags.DO) != 0;
            at += Wire.OPT_LENGTH;
        }
        if (at != end) {
            return null;
        }
        // labels of at most 63 octets, 255 in all, ending in the root: what dnsjava would accept as a Name
        byte[] wire = new byte[nameLength];
        bytes.getBytes(nameStart, wire);
        return new PlainQuery(bytes.getUnsignedShort(start), (flags & RD) != 0, (flags & CD) != 0, wire, type,
                dclass, hasOpt, payloadSize, dnssecOk);
    }
}
