package io.clustergateway.dns.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class AliasRewriterTest {
    private final AliasRewriter rewriter = new AliasRewriter(name("old.cluster.local."), name("cluster.local."));

    @Test
    void questionGoesOutUnderTheDomainWithHeaderAndEdnsKept() {
        Message client = query("Web.Default.SVC.Old.Cluster.Local.", Type.A);
        client.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        Message out = rewriter.toDomain(client);
        assertThat(out.getQuestion().getName()).hasToString("Web.Default.SVC.cluster.local.");
        assertThat(out.getHeader().getID()).isEqualTo(client.getHeader().getID());
        assertThat(out.getHeader().getFlag(Flags.RD)).isTrue();
        assertThat(out.getOPT()).isNotNull();
    }

    @Test
    void answerOwnersAndTargetsComeBackUnderTheAliasInTheClientsCase() throws Exception {
        Message client = query("WeB.default.svc.OLD.cluster.local.", Type.A);
        Message answer = response(query("web.default.svc.cluster.local.", Type.A));
        answer.addRecord(new CNAMERecord(name("web.default.svc.cluster.local."), DClass.IN, 30,
                name("real.default.svc.cluster.local.")), Section.ANSWER);
        answer.addRecord(new ARecord(name("real.default.svc.cluster.local."), DClass.IN, 30,
                InetAddress.getByName("10.96.0.20")), Section.ANSWER);
        answer.addRecord(new ARecord(name("example.com."), DClass.IN, 30,
                InetAddress.getByName("192.0.2.1")), Section.ADDITIONAL);

        Message back = rewriter.toAlias(answer, client);

        assertThat(back.getHeader().getID()).isEqualTo(client.getHeader().getID());
        assertThat(back.getQuestion()).isEqualTo(client.getQuestion());
        assertThat(back.getQuestion().getName().toString()).isEqualTo("WeB.default.svc.OLD.cluster.local.");
        Record cname = back.getSection(Section.ANSWER).get(0);
        assertThat(cname.getName().toString()).isEqualTo("WeB.default.svc.OLD.cluster.local.");
        assertThat(((CNAMERecord) cname).getTarget()).hasToString("real.default.svc.old.cluster.local.");
        assertThat(back.getSection(Section.ANSWER).get(1).getName()).hasToString("real.default.svc.old.cluster.local.");
        assertThat(back.getSection(Section.ADDITIONAL).get(0).getName()).hasToString("example.com.");
        // on the wire too, the client's spelling survives name compression
        assertThat(new Message(back.toWire()).getSection(Section.ANSWER).get(0).getName().toString())
                .isEqualTo("WeB.default.svc.OLD.cluster.local.");
    }

    @Test
    void srvAndPtrTargetsAndSoaAreRewritten() {
        Message client = query("_http._tcp.web.default.svc.old.cluster.local.", Type.SRV);
        Message answer = response(query("_http._tcp.web.default.svc.cluster.local.", Type.SRV));
        answer.addRecord(new SRVRecord(name("_http._tcp.web.default.svc.cluster.local."), DClass.IN, 30, 0, 100, 80,
                name("web.default.svc.cluster.local.")), Section.ANSWER);
        answer.addRecord(new PTRRecord(name("x.cluster.local."), DClass.IN, 30, name("pod.default.svc.cluster.local.")),
                Section.ANSWER);
        answer.addRecord(new SOARecord(name("cluster.local."), DClass.IN, 30, name("ns.dns.cluster.local."),
                name("hostmaster.cluster.local."), 1, 2, 3, 4, 5), Section.AUTHORITY);

        Message back = rewriter.toAlias(answer, client);

        SRVRecord srv = (SRVRecord) back.getSection(Section.ANSWER).get(0);
        assertThat(srv.getTarget()).hasToString("web.default.svc.old.cluster.local.");
        assertThat(srv.getPort()).isEqualTo(80);
        assertThat(((PTRRecord) back.getSection(Section.ANSWER).get(1)).getTarget())
                .hasToString("pod.default.svc.old.cluster.local.");
        SOARecord soa = (SOARecord) back.getSection(Section.AUTHORITY).get(0);
        assertThat(soa.getName()).hasToString("old.cluster.local.");
        assertThat(soa.getHost()).hasToString("ns.dns.old.cluster.local.");
        assertThat(soa.getMinimum()).isEqualTo(5);
    }

    @Test
    void rcodeAndFlagsOfTheAnswerAreKept() {
        Message client = query("nope.old.cluster.local.", Type.A);
        Message answer = response(query("nope.cluster.local.", Type.A));
        answer.getHeader().setRcode(Rcode.NXDOMAIN);
        answer.getHeader().setFlag(Flags.AA);
        Message back = rewriter.toAlias(answer, client);
        assertThat(back.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(back.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(back.getHeader().getFlag(Flags.QR)).isTrue();
    }

    private static Message query(String name, int type) {
        return Message.newQuery(Record.newRecord(name(name), type, DClass.IN));
    }

    private static Message response(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.RD);
        response.getHeader().setFlag(Flags.RA);
        response.addRecord(query.getQuestion(), Section.QUESTION);
        return response;
    }

    private static Name name(String text) {
        return Name.fromConstantString(text);
    }
}
