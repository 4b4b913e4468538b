package io.clustergateway.dns.forward;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** What each forwarded query costs besides I/O: encoding it upstream, a fresh ID, and validating the answer. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ForwardBenchmark {
    private static final InetSocketAddress UPSTREAM = new InetSocketAddress("127.0.53.2", 35353);
    private static final InetSocketAddress STRANGER = new InetSocketAddress("127.0.53.9", 35353);

    private Message clientQuery;
    private ForwardedQuery forwarded;
    private ResponseValidator validator;
    private byte[] answer;
    private byte[] wrongId;

    @Setup
    public void build() throws Exception {
        Record question = Record.newRecord(Name.fromString("ext-42.example.com."), Type.A, DClass.IN);
        clientQuery = Message.newQuery(question);
        forwarded = ForwardedQuery.of(clientQuery, 1232);
        validator = new ResponseValidator(UPSTREAM, 0x1234, question);
        Message reply = new Message(0x1234);
        reply.getHeader().setFlag(Flags.QR);
        reply.addRecord(question, Section.QUESTION);
        reply.addRecord(new ARecord(question.getName(), DClass.IN, 0, InetAddress.getByName("198.18.0.42")),
                Section.ANSWER);
        answer = reply.toWire();
        wrongId = answer.clone();
        wrongId[1] ^= 1;
    }

    @Benchmark
    public ForwardedQuery encodeForwardedQuery() {
        return ForwardedQuery.of(clientQuery, 1232);
    }

    @Benchmark
    public byte[] withRandomId() {
        return forwarded.withId(ForwardedQuery.randomId());
    }

    @Benchmark
    public Object validateAccepted() {
        return validator.check(UPSTREAM, answer);
    }

    @Benchmark
    public Object validateWrongId() {
        return validator.check(UPSTREAM, wrongId);
    }

    @Benchmark
    public Object validateWrongSender() {
        return validator.check(STRANGER, answer);
    }
}
