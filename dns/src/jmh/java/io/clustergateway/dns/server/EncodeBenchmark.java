package io.clustergateway.dns.server;

import io.clustergateway.dns.chain.PlainQuery;
import io.clustergateway.dns.chain.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
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

/** The pipeline edges: a client datagram read (as a Message, or by the cache shortcut) and an answer encoded. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EncodeBenchmark {
    private byte[] queryWire;
    private Message query;
    private byte[] answerWire;
    private ByteBuf queryBuf;
    private PlainQuery plain;

    @Setup
    public void build() throws Exception {
        Record question = Record.newRecord(Name.fromString("svc-42.default.svc.cluster.local."), Type.A, DClass.IN);
        query = Message.newQuery(question);
        queryWire = query.toWire();
        Message answer = new Message(query.getHeader().getID());
        answer.getHeader().setFlag(Flags.QR);
        answer.addRecord(question, Section.QUESTION);
        answer.addRecord(new ARecord(question.getName(), DClass.IN, 300, InetAddress.getByName("10.96.0.42")),
                Section.ANSWER);
        answerWire = answer.toWire();
        queryBuf = Unpooled.wrappedBuffer(queryWire);
        plain = PlainQueries.parse(queryBuf);
    }

    @Benchmark
    public Message parseQuery() throws Exception {
        return new Message(queryWire);
    }

    /** The cache shortcut's reading of the same query: header, question and OPT, no Message. */
    @Benchmark
    public PlainQuery parsePlainQuery() {
        return PlainQueries.parse(queryBuf);
    }

    /** The shortcut's shaping of a cached answer (flags, our OPT) for the client. */
    @Benchmark
    public byte[] shapeCachedAnswer() {
        return ResponseEncoder.cachedForClient(answerWire.clone(), plain);
    }

    /** Parse the answer (as the cache hands one out) and encode it for the client. */
    @Benchmark
    public byte[] parseAndEncodeAnswer() throws Exception {
        return ResponseEncoder.encode(query, new Message(answerWire), Transport.UDP);
    }
}
