package io.clustergateway.dns.translate;

import io.clustergateway.dns.route.ReverseName;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;

/**
 * What a translated cluster's answers go through: every A record inside one of its real ranges, in the answer
 * and additional sections, gets the virtual address instead (so a headless service's several addresses all
 * do); a reverse name of a virtual address is asked as the real one and answered under the name asked.
 * Error answers (NXDOMAIN, SERVFAIL...) and answers without records (NODATA) keep their records as they came.
 */
public final class AnswerTranslator {
    private static final int[] ADDRESS_SECTIONS = {Section.ANSWER, Section.ADDITIONAL};

    private final List<AddressMap> maps;

    public AnswerTranslator(List<AddressMap> maps) {
        this.maps = List.copyOf(maps);
    }

    public List<AddressMap> maps() {
        return maps;
    }

    /** The real reverse name for a full reverse name of a virtual address; empty for any other name. */
    public Optional<Name> realReverseName(Name name) {
        if (!name.subdomain(ReverseName.IN_ADDR_ARPA)) {
            return Optional.empty();
        }
        return ReverseName.decode(name).flatMap(this::toReal).map(ReverseMap::fromAddress);
    }

    /**
     * The query to send the cluster: {@code query} itself, or a copy asking the real reverse name when the
     * question is the reverse name of a virtual address.
     */
    public Message toCluster(Message query) {
        Record question = query.getQuestion();
        if (question == null) {
            return query;
        }
        return realReverseName(question.getName())
                .map(real -> withQuestion(query, Record.newRecord(real, question.getType(), question.getDClass())))
                .orElse(query);
    }

    /**
     * The cluster's {@code answer} to {@code asked} (the client's query, before {@link #toCluster}) as the client
     * sees it: question and owner names of an asked-as-real reverse name back to the virtual one, real addresses
     * made virtual. Returns {@code answer} itself when nothing changes.
     */
    public Message fromCluster(Message asked, Message answer) {
        Record question = asked.getQuestion();
        Name askedName = question == null ? null : question.getName();
        Optional<Name> realName = askedName == null ? Optional.empty() : realReverseName(askedName);
        boolean addresses = answer.getRcode() == Rcode.NOERROR && hasRealAddress(answer);
        if (realName.isEmpty() && !addresses) {
            return answer;
        }
        Message client = realName.isPresent() ? withQuestion(answer, question) : answer.clone();
        if (realName.isPresent() && answer.getRcode() == Rcode.NOERROR) {
            renameOwners(client, realName.get(), askedName);
        }
        if (addresses) {
            for (int section : ADDRESS_SECTIONS) {
                replaceRecords(client, section, client.getSection(section).stream().map(this::virtualize).toList());
            }
        }
        return client;
    }

    private boolean hasRealAddress(Message answer) {
        for (int section : ADDRESS_SECTIONS) {
            for (Record record : answer.getSection(section)) {
                if (record instanceof ARecord a && toVirtual(a.getAddress()).isPresent()) {
                    return true;
                }
            }
        }
        return false;
    }

    private Record virtualize(Record record) {
        if (record instanceof ARecord a) {
            return toVirtual(a.getAddress())
                    .<Record>map(virtual -> new ARecord(a.getName(), a.getDClass(), a.getTTL(), virtual))
                    .orElse(record);
        }
        return record;
    }

    private static void renameOwners(Message message, Name from, Name to) {
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
            List<Record> renamed = message.getSection(section).stream()
                    .map(record -> record.getName().equals(from) ? record.withName(to) : record)
                    .toList();
            replaceRecords(message, section, renamed);
        }
    }

    private Optional<InetAddress> toVirtual(InetAddress address) {
        return maps.stream().map(map -> map.toVirtual(address)).flatMap(Optional::stream).findFirst();
    }

    private Optional<InetAddress> toReal(InetAddress address) {
        return maps.stream().map(map -> map.toReal(address)).flatMap(Optional::stream).findFirst();
    }

    private static Message withQuestion(Message message, Record question) {
        Message copy = message.clone();
        copy.removeAllRecords(Section.QUESTION);
        copy.addRecord(question, Section.QUESTION);
        return copy;
    }

    private static void replaceRecords(Message message, int section, List<Record> records) {
        message.removeAllRecords(section);
        records.forEach(record -> message.addRecord(record, section));
    }
}
