package io.clustergateway.gateway.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.gateway.testsupport.DnsmasqClusters;
import io.clustergateway.gateway.testsupport.GatewayUnderTest;
import io.clustergateway.testkit.Requirements;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** What a laptop sees through the gateway's own DNS listener, asked with dnsjava like dig would. */
@QuarkusTest
@WithTestResource(DnsmasqClusters.class)
class GatewayDnsResolutionTest {

    @BeforeEach
    void needsDnsmasq() {
        Requirements.requireDnsmasq();
    }

    @Test
    void aSharedNameIsAnsweredByTheFirstClusterByPriorityThatHasIt() {
        assertThat(addresses(GatewayUnderTest.resolve("web.default.svc.cluster.local.")))
                .containsExactly(DnsmasqClusters.NEW_WEB);
        // only old has it: new's NXDOMAIN moves on to old
        assertThat(addresses(GatewayUnderTest.resolve("legacy.default.svc.cluster.local.")))
                .containsExactly(DnsmasqClusters.OLD_LEGACY);
    }

    @Test
    void anAliasReachesOnlyItsClusterAndKeepsTheAskedName() {
        Message answer = GatewayUnderTest.resolve("web.default.svc.old.cluster.local.");

        assertThat(addresses(answer)).containsExactly(DnsmasqClusters.OLD_WEB);
        assertThat(answer.getSection(Section.ANSWER)).allSatisfy(rr ->
                assertThat(rr.getName()).hasToString("web.default.svc.old.cluster.local."));
        assertThat(GatewayUnderTest.resolve("legacy.default.svc.new.cluster.local.").getRcode())
                .isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void srvTargetsUnderAnAliasAreRewrittenBack() {
        Message answer = GatewayUnderTest.resolve("_http._tcp.web.default.svc.old.cluster.local.", Type.SRV, true);

        assertThat(answer.getSection(Section.ANSWER)).singleElement().satisfies(rr ->
                assertThat(((SRVRecord) rr).getTarget()).hasToString("web.default.svc.old.cluster.local."));
    }

    @Test
    void aReverseLookupOfAClusterAddressGoesToTheClusterWhoseCidrHoldsIt() {
        // 10.96.0.20 is in old's service CIDR 10.96.0.0/12; new (asked first for shared names) is not asked
        Message answer = GatewayUnderTest.resolve("20.0.96.10.in-addr.arpa.", Type.PTR, false);

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        // under old's alias: web.default.svc.cluster.local would resolve forward to new's web (priority 10)
        assertThat(answer.getSection(Section.ANSWER)).extracting(Record::rdataToString)
                .containsExactly("web.default.svc.old.cluster.local.");
    }

    @Test
    void anExternalNameGoesToTheUpstream() {
        assertThat(addresses(GatewayUnderTest.resolve("www.example.com."))).containsExactly(DnsmasqClusters.EXTERNAL);
        assertThat(addresses(GatewayUnderTest.resolve("www.example.com.", Type.A, true)))
                .containsExactly(DnsmasqClusters.EXTERNAL);
    }

    private static List<String> addresses(Message answer) {
        assertThat(answer.getRcode()).as("rcode of %s", answer.getQuestion()).isEqualTo(Rcode.NOERROR);
        return answer.getSection(Section.ANSWER).stream()
                .filter(rr -> rr.getType() == Type.A)
                .map(Record::rdataToString)
                .toList();
    }

}
