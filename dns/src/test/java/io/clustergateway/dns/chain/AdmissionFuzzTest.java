package io.clustergateway.dns.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * Admission on any parsable message: it answers at once (FORMERR, NOTIMP, BADVERS, REFUSED for a zone transfer, or
 * silence for a response) or
 * passes exactly the well-formed single-question queries on; what it answers echoes the ID and has QR set.
 */
class AdmissionFuzzTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 5353);

    @FuzzTest(maxDuration = "20s")
    void answersOrPassesOnEveryMessage(byte[] wire) throws Exception {
        Message message;
        try {
            message = new Message(wire);
        } catch (IOException | RuntimeException notADnsMessage) {
            if (wire.length < Header.LENGTH) {
                return;
            }
            message = new Message(new Header(wire).getID());
            check(Query.malformed(message, CLIENT, Transport.UDP, 0));
            return;
        }
        check(Query.of(message, CLIENT, Transport.UDP, 0));
    }

    private static void check(Query query) throws Exception {
        Message passedOn = new Message();
        CompletableFuture<Message> reply = new Admission(q -> CompletableFuture.completedFuture(passedOn)).handle(query);
        Message answer = reply.get(1, TimeUnit.SECONDS);
        if (answer == null) {
            assertThat(query.message().getHeader().getFlag(Flags.QR)).as("only a response is dropped").isTrue();
        } else if (answer != passedOn) {
            assertThat(answer.getHeader().getFlag(Flags.QR)).isTrue();
            assertThat(answer.getHeader().getID()).isEqualTo(query.message().getHeader().getID());
            // REFUSED: a zone transfer (AXFR, IXFR) is never forwarded
            assertThat(answer.getRcode()).isIn(Rcode.FORMERR, Rcode.NOTIMP, Rcode.BADVERS, Rcode.REFUSED);
        } else {
            assertThat(query.isMalformed()).isFalse();
            assertThat(query.message().getQuestion()).isNotNull();
        }
    }
}
