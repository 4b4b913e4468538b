package io.clustergateway.dns.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class AnswerTranslatorTest {
    private static final AnswerTranslator OLD = new AnswerTranslator(List.of(
            AddressMap.parse("10.244.0.0/16", "100.70.0.0/16"), AddressMap.parse("10.96.0.0/12", "100.96.0.0/12")));

    @Test
    void everyRealAddressInAnswerAndAdditionalBecomesVirtual() throws Exception {
        Message query = query("db.default.svc.cluster.local.", Type.A);
        Message answer = answerTo(query);
        answer.addRecord(a("db.default.svc.cluster.local.", "10.244.1.5"), Section.ANSWER);
        answer.addRecord(a("db.default.svc.cluster.local.", "10.244.2.6"), Section.ANSWER);
        answer.addRecord(a("elsewhere.example.", "192.0.2.1"), Section.ANSWER);
        answer.addRecord(new SRVRecord(name("_http._tcp.web.default.svc.cluster.local."), DClass.IN, 30, 0, 100, 80,
                name("web.default.svc.cluster.local.")), Section.ANSWER);
        answer.addRecord(a("web.default.svc.cluster.local.", "10.96.0.20"), Section.ADDITIONAL);

        Message client = OLD.fromCluster(query, answer);

        assertThat(addresses(client, Section.ANSWER)).containsExactly("100.70.1.5", "100.70.2.6", "192.0.2.1");
        assertThat(addresses(client, Section.ADDITIONAL)).containsExactly("100.96.0.20");
        assertThat(client.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(30);
        assertThat(client.getSection(Section.ANSWER).get(3)).isInstanceOf(SRVRecord.class);
        assertThat(client.getHeader().getID()).isEqualTo(answer.getHeader().getID());
        assertThat(client.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(addresses(answer, Section.ANSWER)).as("the cluster's own answer is left as it was")
                .containsExactly("10.244.1.5", "10.244.2.6", "192.0.2.1");
    }

    @Test
    void answersWithoutRealAddressesAreReturnedAsTheyCame() throws Exception {
        Message query = query("web.default.svc.cluster.local.", Type.A);
        Message nxdomain = answerTo(query);
        nxdomain.getHeader().setRcode(Rcode.NXDOMAIN);
        nxdomain.addRecord(soa(), Section.AUTHORITY);
        Message nodata = answerTo(query("web.default.svc.cluster.local.", Type.AAAA));
        nodata.addRecord(soa(), Section.AUTHORITY);
        Message ipv6 = answerTo(query("web.default.svc.cluster.local.", Type.AAAA));
        ipv6.addRecord(new AAAARecord(name("web.default.svc.cluster.local."), DClass.IN, 30,
                InetAddress.getByName("fd00:96::20")), Section.ANSWER);

        assertThat(OLD.fromCluster(query, nxdomain)).isSameAs(nxdomain);
        assertThat(OLD.fromCluster(query, nodata)).isSameAs(nodata);
        assertThat(OLD.fromCluster(query, ipv6)).isSameAs(ipv6);
    }

    @Test
    void aVirtualReverseNameIsAskedAsTheRealOneAndAnsweredUnderTheNameAsked() throws Exception {
        Message query = query("5.1.70.100.in-addr.arpa.", Type.PTR);

        Message toCluster = OLD.toCluster(query);

        assertThat(toCluster.getQuestion().getName()).isEqualTo(name("5.1.244.10.in-addr.arpa."));
        assertThat(toCluster.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(query.getQuestion().getName()).as("the client's query is left as it was")
                .isEqualTo(name("5.1.70.100.in-addr.arpa."));

        Message answer = answerTo(toCluster);
        answer.addRecord(new PTRRecord(name("5.1.244.10.in-addr.arpa."), DClass.IN, 30,
                name("10-244-1-5.default.pod.cluster.local.")), Section.ANSWER);
        Message client = OLD.fromCluster(query, answer);

        assertThat(client.getQuestion().getName()).isEqualTo(name("5.1.70.100.in-addr.arpa."));
        assertThat(client.getSection(Section.ANSWER)).singleElement().satisfies(record -> {
            assertThat(record.getName()).isEqualTo(name("5.1.70.100.in-addr.arpa."));
            assertThat(((PTRRecord) record).getTarget()).isEqualTo(name("10-244-1-5.default.pod.cluster.local."));
        });
    }

    @Test
    void aReverseNxdomainKeepsItsRecordsUnderTheQuestionAsked() throws Exception {
        Message query = query("9.9.70.100.in-addr.arpa.", Type.PTR);
        Message answer = answerTo(OLD.toCluster(query));
        answer.getHeader().setRcode(Rcode.NXDOMAIN);
        answer.addRecord(soa(), Section.AUTHORITY);

        Message client = OLD.fromCluster(query, answer);

        assertThat(client.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(client.getQuestion().getName()).isEqualTo(name("9.9.70.100.in-addr.arpa."));
        assertThat(client.getSection(Section.AUTHORITY)).containsExactly(soa());
    }

    @Test
    void otherNamesAreAskedAsTheyAre() throws Exception {
        Message real = query("5.1.244.10.in-addr.arpa.", Type.PTR);
        Message partial = query("70.100.in-addr.arpa.", Type.PTR);
        Message outside = query("5.1.71.100.in-addr.arpa.", Type.PTR);
        Message forward = query("web.default.svc.cluster.local.", Type.A);

        assertThat(List.of(real, partial, outside, forward)).allSatisfy(query -> assertThat(OLD.toCluster(query)).isSameAs(query));
    }

    static Message query(String name, int type) throws Exception {
        return Message.newQuery(Record.newRecord(name(name), type, DClass.IN));
    }

    private static Message answerTo(Message query) {
        Message answer = new Message(query.getHeader().getID());
        answer.getHeader().setFlag(Flags.QR);
        answer.getHeader().setFlag(Flags.AA);
        answer.addRecord(query.getQuestion(), Section.QUESTION);
        return answer;
    }

    private static ARecord a(String name, String address) throws Exception {
        return new ARecord(name(name), DClass.IN, 30, InetAddress.getByName(address));
    }

    private static SOARecord soa() throws Exception {
        return new SOARecord(name("cluster.local."), DClass.IN, 30, name("ns.dns.cluster.local."),
                name("hostmaster.cluster.local."), 1, 7200, 1800, 86400, 30);
    }

    private static Name name(String text) throws Exception {
        return Name.fromString(text);
    }

    static List<String> addresses(Message message, int section) {
        return message.getSection(section).stream()
                .filter(ARecord.class::isInstance)
                .map(record -> ((ARecord) record).getAddress().getHostAddress())
                .toList();
    }
}
