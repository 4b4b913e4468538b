package io.clustergateway.dns.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** RFC 6891 6.1.3: a query of an EDNS version we do not speak gets BADVERS, never a version-0 answer. */
class AdmissionEdnsVersionTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 5300);

    private final AtomicInteger passed = new AtomicInteger();
    private final QueryHandler chain = new Admission(query -> {
        passed.incrementAndGet();
        return Replies.errorNow(query.message(), Rcode.NOERROR);
    });

    @Test
    void versionOneIsBadversWithOurVersionZeroOptAndTheQuestionEchoed() {
        Message query = query("a.example.", new OPTRecord(4096, 0, 1, ExtendedFlags.DO));
        Message answer = chain.handle(Query.of(query, LOOPBACK, Transport.UDP, 0)).join();

        assertThat(answer.getRcode()).isEqualTo(Rcode.BADVERS);
        assertThat(answer.getHeader().getRcode()).isZero();
        assertThat(answer.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(answer.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(answer.getHeader().getFlag(Flags.RD)).isTrue();
        assertThat(answer.getQuestion()).isEqualTo(query.getQuestion());
        assertThat(answer.getSection(Section.ANSWER)).isEmpty();
        assertThat(answer.getSection(Section.AUTHORITY)).isEmpty();
        OPTRecord opt = answer.getOPT();
        assertThat(opt).isNotNull();
        assertThat(opt.getVersion()).isZero();
        assertThat(opt.getExtendedRcode()).isEqualTo(1);
        assertThat(opt.getPayloadSize()).isEqualTo(1232);
        assertThat(opt.getFlags() & ExtendedFlags.DO).isEqualTo(ExtendedFlags.DO);
        assertThat(passed).hasValue(0);
    }

    @Test
    void everyVersionAboveZeroIsBadvers() {
        for (int version : new int[] {1, 2, 255}) {
            Message query = query("a.example.", new OPTRecord(1232, 0, version, 0));
            Message answer = chain.handle(Query.of(query, LOOPBACK, Transport.TCP, 0)).join();
            assertThat(answer.getRcode()).as("version %d", version).isEqualTo(Rcode.BADVERS);
            assertThat(answer.getOPT().getFlags() & ExtendedFlags.DO).isZero();
        }
        assertThat(passed).hasValue(0);
    }

    @Test
    void theVersionIsCheckedBeforeTheOpcode() {
        Message query = query("a.example.", new OPTRecord(1232, 0, 1, 0));
        query.getHeader().setOpcode(Opcode.NOTIFY);
        Message answer = chain.handle(Query.of(query, LOOPBACK, Transport.UDP, 0)).join();
        assertThat(answer.getRcode()).isEqualTo(Rcode.BADVERS);
        assertThat(answer.getHeader().getOpcode()).isEqualTo(Opcode.NOTIFY);
    }

    @Test
    void versionZeroAndNoOptPassOn() {
        Message withOpt = query("a.example.", new OPTRecord(1232, 0, 0, ExtendedFlags.DO));
        assertThat(chain.handle(Query.of(withOpt, LOOPBACK, Transport.UDP, 0)).join().getRcode())
                .isEqualTo(Rcode.NOERROR);
        Message plain = query("a.example.", null);
        assertThat(chain.handle(Query.of(plain, LOOPBACK, Transport.UDP, 0)).join().getRcode())
                .isEqualTo(Rcode.NOERROR);
        assertThat(passed).hasValue(2);
    }

    @Test
    void aHeaderRcodeNeedsNoOpt() {
        Message query = query("a.example.", new OPTRecord(1232, 0, 0, 0));
        assertThat(Replies.error(query, Rcode.SERVFAIL).getOPT()).isNull();
    }

    private static Message query(String name, OPTRecord opt) {
        Message query = Message.newQuery(Record.newRecord(Name.fromConstantString(name), Type.A, DClass.IN));
        if (opt != null) {
            query.addRecord(opt, Section.ADDITIONAL);
        }
        return query;
    }
}
