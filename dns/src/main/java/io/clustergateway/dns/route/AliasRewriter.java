package io.clustergateway.dns.route;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Moves names between a cluster's alias (old.cluster.local) and the domain its CoreDNS serves (cluster.local):
 * the question goes out under the domain, the answer comes back under the alias, so the client sees the
 * name it asked, in the letter case it asked.
 */
public final class AliasRewriter {
    private static final int[] HEADER_FLAGS = {Flags.QR, Flags.AA, Flags.TC, Flags.RD, Flags.RA, Flags.AD, Flags.CD};
    private final Name alias;
    private final Name domain;

    public AliasRewriter(Name alias, Name domain) {
        this.alias = alias;
        this.domain = domain;
    }

    /** web.default.svc.old.cluster.local → web.default.svc.cluster.local; names not under the alias stay. */
    public Name toDomain(Name name) {
        return move(name, alias, domain);
    }

    /** web.default.svc.cluster.local → web.default.svc.old.cluster.local; names not under the domain stay. */
    public Name toAlias(Name name) {
        return move(name, domain, alias);
    }

    /** The client's query with its question moved under the domain; header and EDNS kept. */
    public Message toDomain(Message clientQuery) {
        Message rewritten = new Message(clientQuery.getHeader().getID());
        copyHeader(clientQuery.getHeader(), rewritten.getHeader());
        Record question = clientQuery.getQuestion();
        rewritten.addRecord(question.withName(toDomain(question.getName())), Section.QUESTION);
        if (clientQuery.getOPT() != null) {
            rewritten.addRecord(clientQuery.getOPT(), Section.ADDITIONAL);
        }
        return rewritten;
    }

    /**
     * The cluster's answer with every in-zone name moved back under the alias. The question section is the
     * client's own, and a name equal to the client's question is spelled exactly as the client spelled it.
     */
    public Message toAlias(Message answer, Message clientQuery) {
        Message rewritten = new Message(clientQuery.getHeader().getID());
        copyHeader(answer.getHeader(), rewritten.getHeader());
        Record question = clientQuery.getQuestion();
        Name asked = question.getName();
        rewritten.addRecord(question, Section.QUESTION);
        for (int section = Section.ANSWER; section <= Section.ADDITIONAL; section++) {
            for (Record record : answer.getSection(section)) {
                // an OPT here is our own (say, an Extended DNS Error): it names nothing and passes as it is
                rewritten.addRecord(record.getType() == Type.OPT ? record : rewrite(record, asked), section);
            }
        }
        return rewritten;
    }

    /**
     * Matched on the record's class, not its type number: a record whose RDATA is empty parses as an
     * {@code EmptyRecord} whatever its type says, and has no target to move (only its owner is).
     */
    private Record rewrite(Record record, Name asked) {
        Name owner = back(record.getName(), asked);
        int dclass = record.getDClass();
        long ttl = record.getTTL();
        if (record instanceof CNAMERecord cname) {
            return new CNAMERecord(owner, dclass, ttl, back(cname.getTarget(), asked));
        } else if (record instanceof DNAMERecord dname) {
            return new DNAMERecord(owner, dclass, ttl, back(dname.getTarget(), asked));
        } else if (record instanceof PTRRecord ptr) {
            return new PTRRecord(owner, dclass, ttl, back(ptr.getTarget(), asked));
        } else if (record instanceof NSRecord ns) {
            return new NSRecord(owner, dclass, ttl, back(ns.getTarget(), asked));
        } else if (record instanceof MXRecord mx) {
            return new MXRecord(owner, dclass, ttl, mx.getPriority(), back(mx.getTarget(), asked));
        } else if (record instanceof SRVRecord srv) {
            return new SRVRecord(owner, dclass, ttl, srv.getPriority(), srv.getWeight(), srv.getPort(),
                    back(srv.getTarget(), asked));
        } else if (record instanceof SOARecord soa) {
            return new SOARecord(owner, dclass, ttl, back(soa.getHost(), asked), soa.getAdmin(),
                    soa.getSerial(), soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum());
        }
        return owner == record.getName() ? record : record.withName(owner);
    }

    private Name back(Name name, Name asked) {
        Name moved = toAlias(name);
        // equals is case-insensitive: hand back the client's own spelling
        return moved.equals(asked) ? asked : moved;
    }

    private static Name move(Name name, Name from, Name to) {
        if (!name.subdomain(from)) {
            return name;
        }
        try {
            return Name.concatenate(name.relativize(from), to);
        } catch (NameTooLongException e) {
            throw new IllegalArgumentException("name too long after rewriting " + name + " from " + from + " to " + to, e);
        }
    }

    private static void copyHeader(Header from, Header to) {
        to.setOpcode(from.getOpcode());
        to.setRcode(from.getRcode());
        for (int flag : HEADER_FLAGS) {
            if (from.getFlag(flag)) {
                to.setFlag(flag);
            }
        }
    }
}
