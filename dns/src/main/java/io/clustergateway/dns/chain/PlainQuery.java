package io.clustergateway.dns.chain;

import org.xbill.DNS.Name;

/**
 * A standard query read straight from its bytes, for the cache shortcut: one question, no answer or authority
 * records, at most an OPT without options. Anything else never becomes one and takes the chain as a Message.
 *
 * @param name           the question name as the client spelled it
 * @param udpPayloadSize the client's EDNS buffer size; 0 without OPT
 */
public record PlainQuery(int id, boolean recursionDesired, boolean checkingDisabled, Name name, int type, int dclass,
                         boolean hasOpt, int udpPayloadSize, boolean dnssecOk) {
}
