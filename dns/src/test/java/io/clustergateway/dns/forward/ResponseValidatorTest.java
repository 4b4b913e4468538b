package io.clustergateway.dns.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class ResponseValidatorTest {
    private static final InetSocketAddress UPSTREAM = new InetSocketAddress("127.0.0.1", 5300);
    private static final int ID = 4711;

    private final Record question = question("web.example.com.", Type.A);
    private final ResponseValidator validator = new ResponseValidator(UPSTREAM, ID, question);

    private static Record question(String name, int type) {
        try {
            return Record.newRecord(Name.fromString(name), type, DClass.IN);
        } catch (org.xbill.DNS.TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static byte[] answer(int id, Record question, int rcode) throws Exception {
        Message answer = new Message(id);
        answer.getHeader().setFlag(Flags.QR);
        answer.getHeader().setRcode(rcode);
        if (question != null) {
            answer.addRecord(question, Section.QUESTION);
            answer.addRecord(new ARecord(question.getName(), DClass.IN, 60,
                    java.net.InetAddress.getByName("10.0.0.1")), Section.ANSWER);
        }
        return answer.toWire();
    }

    private String rejection(InetSocketAddress sender, byte[] wire) {
        ResponseValidator.Verdict verdict = validator.check(sender, wire);
        assertThat(verdict).isInstanceOf(ResponseValidator.Rejected.class);
        return ((ResponseValidator.Rejected) verdict).reason();
    }

    @Test
    void acceptsTheMatchingAnswerWhateverTheLetterCaseOfItsQuestion() throws Exception {
        ResponseValidator.Verdict verdict = validator.check(UPSTREAM,
                answer(ID, question("WEB.Example.com.", Type.A), Rcode.NOERROR));

        assertThat(verdict).isInstanceOfSatisfying(ResponseValidator.Accepted.class,
                accepted -> assertThat(accepted.answer().getSection(Section.ANSWER)).hasSize(1));
    }

    @Test
    void ignoresAWrongIdBeforeParsing() throws Exception {
        byte[] wire = answer(ID + 1, question, Rcode.NOERROR);
        wire[wire.length - 1] = 0; // garbage after the header would not even parse; the ID check comes first
        wire = java.util.Arrays.copyOf(wire, 20);

        assertThat(rejection(UPSTREAM, wire)).isEqualTo("invalid message id: expected 4711; got 4712");
    }

    @Test
    void ignoresAnAnswerToAnotherQuestion() throws Exception {
        assertThat(rejection(UPSTREAM, answer(ID, question("evil.example.com.", Type.A), Rcode.NOERROR)))
                .isEqualTo("wrong question: expected web.example.com./A/IN; got evil.example.com./A/IN");
        assertThat(rejection(UPSTREAM, answer(ID, question("web.example.com.", Type.AAAA), Rcode.NOERROR)))
                .isEqualTo("wrong question: expected web.example.com./A/IN; got web.example.com./AAAA/IN");
    }

    @Test
    void ignoresAnAnswerFromAnotherAddressOrPort() throws Exception {
        byte[] wire = answer(ID, question, Rcode.NOERROR);

        assertThat(rejection(new InetSocketAddress("127.0.0.2", 5300), wire))
                .isEqualTo("wrong sender: expected 127.0.0.1:5300; got 127.0.0.2:5300");
        assertThat(rejection(new InetSocketAddress("127.0.0.1", 5301), wire))
                .isEqualTo("wrong sender: expected 127.0.0.1:5300; got 127.0.0.1:5301");
    }

    @Test
    void treatsAnIpv4MappedSenderAsTheIpv4Upstream() throws Exception {
        InetSocketAddress mapped = new InetSocketAddress(java.net.InetAddress.getByAddress(
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1}), 5300);

        assertThat(validator.check(mapped, answer(ID, question, Rcode.NOERROR)))
                .isInstanceOf(ResponseValidator.Accepted.class);
    }

    @Test
    void ignoresRuntsQueriesAndGarbage() throws Exception {
        assertThat(rejection(UPSTREAM, new byte[5])).isEqualTo("too short: expected at least 12 bytes; got 5");

        Message query = Message.newQuery(question);
        query.getHeader().setID(ID);
        assertThat(rejection(UPSTREAM, query.toWire())).isEqualTo("not a response: expected QR set; got a query");

        byte[] garbage = java.util.Arrays.copyOf(answer(ID, question, Rcode.NOERROR), 30);
        assertThat(rejection(UPSTREAM, garbage)).startsWith("unparsable answer: expected a DNS message; got ");
    }

    @Test
    void acceptsAnErrorAnswerWithoutQuestionButNotAPositiveOne() throws Exception {
        assertThat(validator.check(UPSTREAM, answer(ID, null, Rcode.FORMERR)))
                .isInstanceOf(ResponseValidator.Accepted.class);
        assertThat(rejection(UPSTREAM, answer(ID, null, Rcode.NOERROR)))
                .isEqualTo("wrong question: expected web.example.com./A/IN; got none");
    }
}
