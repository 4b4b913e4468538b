package io.clustergateway.dns.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class AdmissionTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 5300);
    private static final InetSocketAddress OFFICE = new InetSocketAddress("10.1.3.7", 5300);
    private static final InetSocketAddress STRANGER = new InetSocketAddress("192.0.2.9", 5300);

    private final AtomicInteger passed = new AtomicInteger();
    private final QueryHandler answering = query -> {
        passed.incrementAndGet();
        return Replies.errorNow(query.message(), Rcode.NOERROR);
    };
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    private QueryHandler chain(int rateLimit) {
        AllowList allow = AllowList.of(List.of("10.1.3.0/24"));
        return new Admission(() -> allow, new RateLimit(rateLimit, clock::get, answering));
    }

    @Test
    void aPlainQueryFromLoopbackPasses() {
        Message answer = chain(0).handle(Query.of(query("a.example."), LOOPBACK, Transport.UDP, 0)).join();
        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(passed).hasValue(1);
    }

    @Test
    void twoQuestionsAreFormerrWithTheIdEchoed() {
        Message query = query("a.example.");
        query.addRecord(Record.newRecord(Name.fromConstantString("b.example."), Type.A, DClass.IN), Section.QUESTION);
        Message answer = chain(0).handle(Query.of(query, LOOPBACK, Transport.UDP, 0)).join();
        assertThat(answer.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(answer.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(answer.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(passed).hasValue(0);
    }

    @Test
    void noQuestionIsFormerr() {
        Message query = new Message();
        assertThat(chain(0).handle(Query.of(query, LOOPBACK, Transport.UDP, 0)).join().getRcode())
                .isEqualTo(Rcode.FORMERR);
    }

    @Test
    void notifyAndUpdateAreNotImplemented() {
        for (int opcode : new int[] {Opcode.NOTIFY, Opcode.UPDATE, Opcode.IQUERY, Opcode.STATUS}) {
            Message query = query("a.example.");
            query.getHeader().setOpcode(opcode);
            Message answer = chain(0).handle(Query.of(query, LOOPBACK, Transport.UDP, 0)).join();
            assertThat(answer.getRcode()).as(Opcode.string(opcode)).isEqualTo(Rcode.NOTIMP);
            assertThat(answer.getHeader().getOpcode()).isEqualTo(opcode);
        }
        assertThat(passed).hasValue(0);
    }

    @Test
    void responsesSentToUsAreDropped() {
        Message query = query("a.example.");
        query.getHeader().setFlag(Flags.QR);
        assertThat(chain(0).handle(Query.of(query, LOOPBACK, Transport.UDP, 0)).join()).isNull();
    }

    @Test
    void malformedQueriesAreFormerrWithTheQuestionEchoed() {
        Message headerOnly = query("a.example.");
        Message answer = chain(0).handle(Query.malformed(headerOnly, LOOPBACK, Transport.UDP, 0)).join();
        assertThat(answer.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(answer.getQuestion()).isEqualTo(headerOnly.getQuestion());
    }

    @Test
    void clientsOutsideTheAllowListAreRefused() {
        assertThat(chain(0).handle(Query.of(query("a.example."), STRANGER, Transport.UDP, 0)).join().getRcode())
                .isEqualTo(Rcode.REFUSED);
        assertThat(chain(0).handle(Query.of(query("a.example."), OFFICE, Transport.UDP, 0)).join().getRcode())
                .isEqualTo(Rcode.NOERROR);
        assertThat(chain(0).handle(Query.of(query("a.example."),
                new InetSocketAddress("::1", 53), Transport.UDP, 0)).join().getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void aClientOverItsRateIsRefusedUntilTokensRefill() {
        QueryHandler limited = chain(5);
        int refused = 0;
        for (int i = 0; i < 8; i++) {
            if (limited.handle(Query.of(query("a.example."), OFFICE, Transport.UDP, 0)).join().getRcode()
                    == Rcode.REFUSED) {
                refused++;
            }
        }
        assertThat(refused).isEqualTo(3);
        // another client has its own bucket
        assertThat(limited.handle(Query.of(query("a.example."), LOOPBACK, Transport.UDP, 0)).join().getRcode())
                .isEqualTo(Rcode.NOERROR);
        clock.addAndGet(1_000_000_000L);
        assertThat(limited.handle(Query.of(query("a.example."), OFFICE, Transport.UDP, 0)).join().getRcode())
                .isEqualTo(Rcode.NOERROR);
    }

    @Test
    void zoneTransfersAreRefusedWithoutGoingFurther() {
        for (int type : new int[] {Type.AXFR, Type.IXFR}) {
            Message transfer = Message.newQuery(Record.newRecord(Name.fromConstantString("cluster.local."), type,
                    DClass.IN));
            assertThat(chain(0).handle(Query.of(transfer, OFFICE, Transport.TCP, 0)).join().getRcode())
                    .as(Type.string(type)).isEqualTo(Rcode.REFUSED);
        }
        assertThat(passed).hasValue(0);
    }

    @Test
    void twoOptRecordsOrAnOptOutsideTheAdditionalSectionAreFormerr() {
        Message twoOpts = query("a.example.");
        twoOpts.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        twoOpts.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        Message optInAuthority = query("a.example.");
        optInAuthority.addRecord(new OPTRecord(1232, 0, 0), Section.AUTHORITY);

        for (Message bad : List.of(twoOpts, optInAuthority)) {
            Message answer = chain(0).handle(Query.of(bad, OFFICE, Transport.UDP, 0)).join();
            assertThat(answer.getRcode()).isEqualTo(Rcode.FORMERR);
            assertThat(answer.getHeader().getID()).isEqualTo(bad.getHeader().getID());
        }
        assertThat(passed).hasValue(0);
    }

    @Test
    void aClientOutsideTheAllowListIsRefusedBeforeItsPacketIsJudged() {
        Message twoQuestions = query("a.example.");
        twoQuestions.addRecord(Record.newRecord(Name.fromConstantString("b.example."), Type.A, DClass.IN),
                Section.QUESTION);
        Message notify = query("a.example.");
        notify.getHeader().setOpcode(Opcode.NOTIFY);
        Message ednsVersion1 = query("a.example.");
        ednsVersion1.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);

        for (Query judged : List.of(Query.of(twoQuestions, STRANGER, Transport.UDP, 0),
                Query.of(notify, STRANGER, Transport.UDP, 0), Query.of(ednsVersion1, STRANGER, Transport.UDP, 0),
                Query.malformed(query("a.example."), STRANGER, Transport.UDP, 0))) {
            assertThat(chain(0).handle(judged).join().getRcode()).isEqualTo(Rcode.REFUSED);
        }
        Message response = query("a.example.");
        response.getHeader().setFlag(Flags.QR);
        assertThat(chain(0).handle(Query.of(response, STRANGER, Transport.UDP, 0)).join())
                .as("a response still gets nothing").isNull();
        assertThat(passed).hasValue(0);
    }

    private static Message query(String name) {
        return Message.newQuery(Record.newRecord(Name.fromConstantString(name), Type.A, DClass.IN));
    }
}
