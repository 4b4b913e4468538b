package io.clustergateway.dns.cache;

import io.clustergateway.dns.wire.Wire;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * One cached answer, kept as wire bytes (compact, and cheap to serve): a hit copies them and patches the ID, the RD
 * flag, the question name (the client's letter case; same length, and the answer's owner names point at it) and
 * each record's TTL, counted down by the seconds since it was stored. TTLs are stored already capped at the
 * entry's lifetime. The upstream's OPT record is not kept: the chain adds its own.
 */
final class CachedAnswer {
    /** RFC 8767 section 4: stale answers carry TTL 30 so clients come back soon. */
    static final long STALE_TTL = 30;

    private final byte[] wire;
    private final int[] ttlOffsets;
    private final int questionEnd;
    private final long storedAt;
    private final long expiresAt;
    private final long staleUntil;
    private final boolean unfinishedChain;

    private CachedAnswer(byte[] wire, int[] ttlOffsets, int questionEnd, long storedAt, long expiresAt,
                         long staleUntil, boolean unfinishedChain) {
        this.unfinishedChain = unfinishedChain;
        this.wire = wire;
        this.ttlOffsets = ttlOffsets;
        this.questionEnd = questionEnd;
        this.storedAt = storedAt;
        this.expiresAt = expiresAt;
        this.staleUntil = staleUntil;
    }

    /**
     * @param question the question as the storing client asked it (the answer's own may differ in case or be
     *                 missing); later clients' questions are patched over it
     */
    static CachedAnswer of(Message answer, Record question, long ttlSeconds, long now, long serveStaleNanos) {
        Message copy = answer.clone();
        copy.removeAllRecords(Section.QUESTION);
        copy.addRecord(question, Section.QUESTION);
        for (Record record : new ArrayList<>(copy.getSection(Section.ADDITIONAL))) {
            if (record.getType() == Type.OPT || record.getType() == Type.TSIG) {
                copy.removeRecord(record, Section.ADDITIONAL);
            }
        }
        byte[] wire = copy.toWire();
        WireLayout layout = WireLayout.of(wire);
        for (int offset : layout.ttlOffsets()) {
            Wire.putU32(wire, offset, Math.min(Wire.u32(wire, offset), ttlSeconds));
        }
        long expiresAt = now + ttlSeconds * 1_000_000_000L;
        return new CachedAnswer(wire, layout.ttlOffsets(), layout.questionEnd(), now, expiresAt,
                expiresAt + serveStaleNanos, CnameChain.unansweredTarget(copy).isPresent());
    }

    /** Ends in a CNAME whose target it does not answer: the resolver chases it, so no client gets it as it is. */
    boolean unfinishedChain() {
        return unfinishedChain;
    }

    /** Encoded length; the same for every client, whose question differs from the stored one in letter case only. */
    int length() {
        return wire.length;
    }

    /** Bytes held by this entry's arrays: the answer and its TTL positions. */
    int payloadBytes() {
        return wire.length + Integer.BYTES * ttlOffsets.length;
    }

    boolean isFresh(long now) {
        return now - expiresAt < 0;
    }

    boolean isServableStale(long now) {
        return now - staleUntil < 0;
    }

    long staleUntil() {
        return staleUntil;
    }

    /** The answer for {@code query}, TTLs counted down to {@code now}. */
    Message fresh(Message query, long now) {
        return parse(freshWire(query, now));
    }

    /** {@link #fresh} encoded, without building a message. */
    byte[] freshWire(Message query, long now) {
        return freshWire(query.getHeader().getID(), query.getHeader().getFlag(Flags.RD),
                query.getQuestion().getName().toWire(), now);
    }

    /**
     * {@link #freshWire(Message, long)} for a query known only by its ID, RD flag and question name (uncompressed
     * wire bytes in the client's letter case).
     */
    byte[] freshWire(int id, boolean recursionDesired, byte[] askedWire, long now) {
        byte[] out = forQuery(id, recursionDesired, askedWire);
        long elapsedSeconds = (now - storedAt) / 1_000_000_000L;
        if (elapsedSeconds > 0) {
            for (int offset : ttlOffsets) {
                Wire.putU32(out, offset, Math.max(0, Wire.u32(out, offset) - elapsedSeconds));
            }
        }
        return out;
    }

    /** The expired answer for {@code query}, every TTL {@link #STALE_TTL}. */
    Message stale(Message query) {
        byte[] out = forQuery(query);
        for (int offset : ttlOffsets) {
            Wire.putU32(out, offset, STALE_TTL);
        }
        return parse(out);
    }

    private byte[] forQuery(Message query) {
        return forQuery(query.getHeader().getID(), query.getHeader().getFlag(Flags.RD),
                query.getQuestion().getName().toWire());
    }

    private byte[] forQuery(int id, boolean recursionDesired, byte[] name) {
        byte[] out = wire.clone();
        out[0] = (byte) (id >>> 8);
        out[1] = (byte) id;
        out[2] = (byte) (recursionDesired ? out[2] | 0x01 : out[2] & ~0x01);
        if (name.length == questionEnd - Wire.HEADER_LENGTH) {
            System.arraycopy(name, 0, out, Wire.HEADER_LENGTH, name.length);
        }
        return out;
    }

    private static Message parse(byte[] wire) {
        try {
            return new Message(wire);
        } catch (IOException e) {
            throw new IllegalStateException("cached answer no longer parses", e); // we encoded it ourselves
        }
    }

    /** Where the question name ends and where each resource record's TTL sits in an encoded message. */
    record WireLayout(int questionEnd, int[] ttlOffsets) {
        static WireLayout of(byte[] wire) {
            int questions = Wire.u16(wire, 4);
            int records = Wire.u16(wire, 6) + Wire.u16(wire, 8) + Wire.u16(wire, 10);
            int position = Wire.HEADER_LENGTH;
            int questionEnd = Wire.HEADER_LENGTH;
            for (int i = 0; i < questions; i++) {
                position = skipName(wire, position);
                if (i == 0) {
                    questionEnd = position;
                }
                position += 4; // type, class
            }
            List<Integer> offsets = new ArrayList<>(records);
            for (int i = 0; i < records; i++) {
                position = skipName(wire, position) + 4; // type, class
                offsets.add(position);
                position += 4;
                position += 2 + Wire.u16(wire, position);
            }
            return new WireLayout(questionEnd, offsets.stream().mapToInt(Integer::intValue).toArray());
        }

        private static int skipName(byte[] wire, int position) {
            while (true) {
                int length = wire[position] & 0xff;
                if (length == 0) {
                    return position + 1;
                }
                if ((length & 0xc0) == 0xc0) {
                    return position + 2; // a compression pointer ends the name
                }
                position += 1 + length;
            }
        }

    }
}
