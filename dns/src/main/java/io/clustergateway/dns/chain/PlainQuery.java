package io.clustergateway.dns.chain;

import org.xbill.DNS.Name;

/**
 * A standard query read straight from its bytes, for the cache shortcut: one question, no answer or authority
 * records, at most an OPT without options. Anything else never becomes one and takes the chain as a Message.
 *
 * @param name           the question name as the client spelled it
 * @param nameWire       the same name as it arrived: uncompressed wire bytes in the client's letter case (not to
 *                       be changed: cached answers copy it into their question)
 * @param udpPayloadSize the client's EDNS buffer size; 0 without OPT
 */
public record PlainQuery(int id, boolean recursionDesired, boolean checkingDisabled, Name name, byte[] nameWire,
                         int type, int dclass, boolean hasOpt, int udpPayloadSize, boolean dnssecOk) {

    /** For callers that start from a Name (tests, benchmarks). */
    public PlainQuery(int id, boolean recursionDesired, boolean checkingDisabled, Name name, int type, int dclass,
                      boolean hasOpt, int udpPayloadSize, boolean dnssecOk) {
        this(id, recursionDesired, checkingDisabled, name, name.toWire(), type, dclass, hasOpt, udpPayloadSize,
                dnssecOk);
    }
}
