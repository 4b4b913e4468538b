package io.clustergateway.dns.cache;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Queries and upstream answers as a resolver would see them, for cache tests. */
final class Answers {
    private Answers() {}

    static Name name(String text) {
        try {
            return Name.fromString(text);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Message query(String name, int id) {
        Message query = Message.newQuery(Record.newRecord(name(name), Type.A, DClass.IN));
        query.getHeader().setID(id);
        return query;
    }

    static Message dnssecQuery(String name, int id) {
        Message query = query(name, id);
        query.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        return query;
    }

    static Message reply(Message query, int rcode) {
        Message answer = new Message(query.getHeader().getID());
        answer.getHeader().setFlag(Flags.QR);
        answer.getHeader().setFlag(Flags.RD);
        answer.getHeader().setFlag(Flags.RA);
        answer.getHeader().setRcode(rcode);
        answer.addRecord(query.getQuestion(), Section.QUESTION);
        return answer;
    }

    static Message positive(Message query, long ttl, String address) {
        Message answer = reply(query, Rcode.NOERROR);
        answer.addRecord(a(query.getQuestion().getName(), ttl, address), Section.ANSWER);
        return answer;
    }

    static Message negative(Message query, int rcode, long soaTtl, long soaMinimum) {
        Message answer = reply(query, rcode);
        answer.addRecord(new SOARecord(name("example.com."), DClass.IN, soaTtl, name("ns.example.com."),
                name("hostmaster.example.com."), 1, 3600, 600, 86400, soaMinimum), Section.AUTHORITY);
        return answer;
    }

    static ARecord a(Name owner, long ttl, String address) {
        try {
            return new ARecord(owner, DClass.IN, ttl, InetAddress.getByName(address));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
