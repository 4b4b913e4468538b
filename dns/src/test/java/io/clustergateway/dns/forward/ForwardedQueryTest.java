package io.clustergateway.dns.forward;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class ForwardedQueryTest {

    private static Message clientQuery(OPTRecord opt) throws Exception {
        Message query = Message.newQuery(Record.newRecord(Name.fromString("Web.Example.com."), Type.A, DClass.IN));
        query.getHeader().setID(99);
        query.getHeader().setFlag(Flags.CD);
        if (opt != null) {
            query.addRecord(opt, Section.ADDITIONAL);
        }
        return query;
    }

    @Test
    void replacesTheClientsOptWithOurBufferSizeAndKeepsTheDoBit() throws Exception {
        ForwardedQuery forwarded = ForwardedQuery.of(clientQuery(new OPTRecord(4096, 0, 0, ExtendedFlags.DO)), 1232);

        Message sent = new Message(forwarded.withId(0x1234));

        assertThat(sent.getHeader().getID()).isEqualTo(0x1234);
        assertThat(sent.getOPT().getPayloadSize()).isEqualTo(1232);
        assertThat(sent.getOPT().getFlags() & ExtendedFlags.DO).isEqualTo(ExtendedFlags.DO);
        assertThat(sent.getSection(Section.ADDITIONAL)).hasSize(1);
        assertThat(sent.getHeader().getFlag(Flags.RD)).isTrue();
        assertThat(sent.getHeader().getFlag(Flags.CD)).isTrue();
        assertThat(sent.getQuestion().getName()).hasToString("Web.Example.com.");
    }

    @Test
    void addsOurOptEvenWhenTheClientSentNoneAndNoneWhenEdnsIsOff() throws Exception {
        Message withEdns = new Message(ForwardedQuery.of(clientQuery(null), 1232).withId(1));
        Message withoutEdns = new Message(ForwardedQuery.of(clientQuery(new OPTRecord(4096, 0, 0)), 0).withId(1));

        assertThat(withEdns.getOPT().getPayloadSize()).isEqualTo(1232);
        assertThat(withEdns.getOPT().getFlags() & ExtendedFlags.DO).isZero();
        assertThat(withoutEdns.getOPT()).isNull();
    }

    @Test
    void queryIdsAreSpreadOverTheWholeRange() {
        java.util.Set<Integer> ids = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            ids.add(ForwardedQuery.randomId());
        }

        assertThat(ids).hasSizeGreaterThan(190).allSatisfy(id -> assertThat(id).isBetween(0, 0xffff));
    }
}
