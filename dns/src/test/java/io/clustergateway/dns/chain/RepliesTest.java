package io.clustergateway.dns.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.dns.UpstreamFailure;
import io.clustergateway.dns.forward.UpstreamUnavailableException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Which Extended DNS Error (RFC 8914) a SERVFAIL carries for each way a pool can fail, and only under EDNS. */
class RepliesTest {
    private static Message query(boolean edns) {
        Message query = Message.newQuery(Record.newRecord(Name.fromConstantString("web.default.svc.cluster.local."),
                Type.A, DClass.IN));
        if (edns) {
            query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        }
        return query;
    }

    private static List<EDNSOption> extendedErrors(Message answer) {
        return answer.getOPT() == null ? List.of() : answer.getOPT().getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR);
    }

    @Test
    void aSilentOrRefusingPoolIsNoReachableAuthorityAndAnUnreachableOneANetworkError() {
        Message timeout = Replies.servfail(query(true), new CompletionException(new UpstreamUnavailableException(
                "no answer from cluster:new [127.0.0.1:53] within 700ms", new TimeoutException())));
        Message refused = Replies.servfail(query(true), new UpstreamUnavailableException(
                "no answer from cluster:new [127.0.0.1:53]", new PortUnreachableException()));
        Message unreachable = Replies.servfail(query(true), new UpstreamUnavailableException(
                "no answer from cluster:new [10.96.0.10:53]", new NoRouteToHostException("No route to host")));

        assertThat(timeout.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(extendedErrors(timeout)).singleElement().isInstanceOfSatisfying(ExtendedErrorCodeOption.class, ede -> {
            assertThat(ede.getErrorCode()).isEqualTo(ExtendedErrorCodeOption.NO_REACHABLE_AUTHORITY);
            assertThat(ede.getText()).isEqualTo("no answer from cluster:new [127.0.0.1:53] within 700ms");
        });
        assertThat(extendedErrors(refused)).singleElement().isInstanceOfSatisfying(ExtendedErrorCodeOption.class,
                ede -> assertThat(ede.getErrorCode()).isEqualTo(ExtendedErrorCodeOption.NO_REACHABLE_AUTHORITY));
        assertThat(extendedErrors(unreachable)).singleElement().isInstanceOfSatisfying(ExtendedErrorCodeOption.class,
                ede -> assertThat(ede.getErrorCode()).isEqualTo(ExtendedErrorCodeOption.NETWORK_ERROR));
        assertThat(UpstreamFailure.of(new NoRouteToHostException())).isEqualTo(UpstreamFailure.UNREACHABLE);
    }

    @Test
    void aClientWithoutEdnsGetsAPlainServfail() {
        Message plain = Replies.servfail(query(false), new UpstreamUnavailableException("down", UpstreamFailure.TIMEOUT));
        assertThat(plain.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(plain.getOPT()).isNull();
    }
}
