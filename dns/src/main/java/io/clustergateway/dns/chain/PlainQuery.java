package io.clustergateway.dns.chain;

import java.io.IOException;
import org.xbill.DNS.Name;

/**
 * A standard query read straight from its bytes, for the cache shortcut: one question, no answer or authority
 * records, at most an OPT without options. Anything else never becomes one and takes the chain as a Message.
 *
 * @param nameWire       the question name as it arrived: uncompressed wire bytes in the client's letter case, already
 *                       checked to be a valid name (not to be changed: cached answers copy it into their question)
 * @param udpPayloadSize the client's EDNS buffer size; 0 without OPT
 */
public record PlainQuery(int id, boolean recursionDesired, boolean checkingDisabled, byte[] nameWire, int type,
                         int dclass, boolean hasOpt, int udpPayloadSize, boolean dnssecOk) {

    /** For callers that start from a Name (tests, benchmarks). */
    public PlainQuery(int id, boolean recursionDesired, boolean checkingDisabled, Name name, int type, int dclass,
                      boolean hasOpt, int udpPayloadSize, boolean dnssecOk) {
        this(id, recursionDesired, checkingDisabled, name.toWire(), type, dclass, hasOpt, udpPayloadSize, dnssecOk);
    }

    /**
     * The question name as the client spelled it, parsed on each call: a cache hit is routed on the bytes alone and
     * never needs it.
     */
    public Name name() {
        try {
            return new Name(nameWire);
        } catch (IOException e) {
            throw new IllegalStateException("a plain query holds an invalid name", e); // checked when it was read
        }
    }
}
