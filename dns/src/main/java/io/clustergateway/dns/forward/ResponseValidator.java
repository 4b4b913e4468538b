package io.clustergateway.dns.forward;

import io.clustergateway.dns.wire.Wire;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Distrusts what comes off the wire (dnsjava SimpleResolver, RFC 5452): an answer counts only when it is long
 * enough, comes from the upstream asked, carries our query ID (checked before parsing), is a response and repeats
 * our question. Anything else is a stray or a spoof: the exchange ignores it and keeps waiting.
 */
final class ResponseValidator {
    private final InetSocketAddress upstream;
    private final int id;
    private final Record question;

    ResponseValidator(InetSocketAddress upstream, int id, Record question) {
        this.upstream = upstream;
        this.id = id;
        this.question = question;
    }

    int id() {
        return id;
    }

    sealed interface Verdict permits Accepted, Rejected {}

    record Accepted(Message answer) implements Verdict {}

    /** Why a datagram was ignored, as "expected X; got Y". */
    record Rejected(String reason) implements Verdict {}

    Verdict check(InetSocketAddress sender, byte[] wire) {
        if (wire.length < Header.LENGTH) {
            return new Rejected("too short: expected at least " + Header.LENGTH + " bytes; got " + wire.length);
        }
        if (!sameEndpoint(sender, upstream)) {
            return new Rejected("wrong sender: expected " + Upstream.hostPort(upstream) + "; got "
                    + (sender == null ? "unknown" : Upstream.hostPort(sender)));
        }
        int answerId = Wire.u16(wire, 0);
        if (answerId != id) {
            return new Rejected("invalid message id: expected " + id + "; got " + answerId);
        }
        if ((wire[2] & 0x80) == 0) {
            return new Rejected("not a response: expected QR set; got a query");
        }
        Message answer;
        try {
            answer = new Message(wire);
        } catch (IOException e) {
            return new Rejected("unparsable answer: expected a DNS message; got " + e.getMessage());
        }
        Record echoed = answer.getQuestion();
        if (echoed == null) {
            // Error answers (FORMERR, REFUSED, ...) and truncated ones may omit the question; neither carries
            // data that could poison anything, and a truncated one is asked again over TCP.
            return mayOmitQuestion(answer) ? new Accepted(answer)
                    : new Rejected("wrong question: expected " + describe(question) + "; got none");
        }
        if (!echoed.getName().equals(question.getName()) || echoed.getType() != question.getType()
                || echoed.getDClass() != question.getDClass()) {
            return new Rejected("wrong question: expected " + describe(question) + "; got " + describe(echoed));
        }
        return new Accepted(answer);
    }

    /**
     * A datagram that filled the receive buffer: the kernel may have cut it, so its records cannot be trusted to be
     * whole. When header and sender check out it counts as a truncated answer to our question (TC set), which
     * makes the pool ask again over TCP.
     */
    Verdict checkCut(InetSocketAddress sender, byte[] wire) {
        if (wire.length < Header.LENGTH) {
            return check(sender, wire);
        }
        byte[] header = Arrays.copyOf(wire, Header.LENGTH);
        header[2] |= 0x02; // TC
        Arrays.fill(header, 4, Header.LENGTH, (byte) 0); // no sections: only the header is judged
        Verdict headerOnly = check(sender, header);
        if (!(headerOnly instanceof Accepted)) {
            return headerOnly;
        }
        Message truncated = new Message(id);
        truncated.getHeader().setFlag(Flags.QR);
        truncated.getHeader().setFlag(Flags.TC);
        truncated.addRecord(question, org.xbill.DNS.Section.QUESTION);
        return new Accepted(truncated);
    }

    private static boolean mayOmitQuestion(Message answer) {
        int rcode = answer.getRcode();
        return answer.getHeader().getFlag(Flags.TC) || (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN);
    }

    static String describe(Record question) {
        return question.getName() + "/" + Type.string(question.getType()) + "/" + DClass.string(question.getDClass());
    }

    private static boolean sameEndpoint(InetSocketAddress sender, InetSocketAddress expected) {
        return sender != null && sender.getPort() == expected.getPort()
                && unmapped(sender.getAddress()).equals(unmapped(expected.getAddress()));
    }

    /** A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; compare them as IPv4. */
    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            boolean mapped = bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = bytes[i] == 0;
            }
            if (mapped) {
                try {
                    return Inet4Address.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
                } catch (UnknownHostException e) {
                    return address;
                }
            }
        }
        return address;
    }
}
