package io.clustergateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The stand-in itself must behave like CoreDNS for the names it holds, or every other test proves nothing. */
class DnsmasqTest {

    @Test
    void answersItsRecordsAndNxdomainForTheRestOfItsZone() throws Exception {
        Requirements.requireDnsmasq();
        try (Dnsmasq server = Dnsmasq.builder("127.0.0.31")
                .authoritativeFor("cluster.local")
                .host("web.default.svc.cluster.local", "10.96.0.20")
                .start()) {
            SimpleResolver resolver = new SimpleResolver(server.address());
            resolver.setTimeout(Duration.ofSeconds(2));

            Message known = resolver.send(query("web.default.svc.cluster.local."));
            assertThat(known.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(known.getSection(Section.ANSWER)).singleElement()
                    .satisfies(rr -> assertThat(((ARecord) rr).getAddress().getHostAddress()).isEqualTo("10.96.0.20"));

            Message unknown = resolver.send(query("nope.default.svc.cluster.local."));
            assertThat(unknown.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        }
    }

    private static Message query(String name) throws Exception {
        return Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
    }
}
