package io.clustergateway.dns.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Any answer a cluster's DNS might send, moved back under the alias: the client's question and ID come back, and
 * whatever the records hold, the rewrite either succeeds or refuses with an IllegalArgumentException for a name
 * that would grow past 255 bytes; it never fails otherwise, and OPT records pass as they are.
 */
class AliasRewriterFuzzTest {
    private static final AliasRewriter REWRITER = new AliasRewriter(Name.fromConstantString("old.cluster.local."),
            Name.fromConstantString("cluster.local."));
    private static final Message CLIENT_QUERY = Message.newQuery(Record.newRecord(
            Name.fromConstantString("Web.Default.Svc.Old.Cluster.Local."), Type.A, DClass.IN));

    @FuzzTest(maxDuration = "20s")
    void anyAnswerIsRewrittenUnderTheAlias(byte[] wire) {
        Message answer;
        try {
            answer = new Message(wire);
        } catch (IOException | RuntimeException notADnsMessage) {
            return;
        }
        Message rewritten;
        try {
            rewritten = REWRITER.toAlias(answer, CLIENT_QUERY);
        } catch (IllegalArgumentException tooLong) {
            return;
        }
        assertThat(rewritten.getHeader().getID()).isEqualTo(CLIENT_QUERY.getHeader().getID());
        assertThat(rewritten.getQuestion()).isEqualTo(CLIENT_QUERY.getQuestion());
        // an OPT names nothing: it passes as it is (our own Extended DNS Errors ride in it; the encoder replaces
        // whatever OPT is left with ours), so the rewrite neither adds nor drops one
        assertThat(rewritten.getSection(Section.ADDITIONAL).stream().filter(record -> record.getType() == Type.OPT))
                .containsExactlyElementsOf(answer.getSection(Section.ADDITIONAL).stream()
                        .filter(record -> record.getType() == Type.OPT).toList());
    }
}
