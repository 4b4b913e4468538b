package io.clustergateway.dns.route;

import io.clustergateway.dns.ClusterDns;
import io.clustergateway.dns.DnsRoutes;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Route lookup (longest suffix, reverse CIDRs) and the alias rewrite both ways, with two clusters. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouteBenchmark {
    private RouteTable table;
    private Name alias;
    private Name shared;
    private Name external;
    private Name reverse;
    private byte[] sharedWire;
    private byte[] externalWire;
    private AliasRewriter rewriter;
    private Message aliasQuery;
    private Message domainAnswer;

    @Setup
    public void build() throws Exception {
        ClusterDns old = new ClusterDns("old", Name.fromString("cluster.local."), Name.fromString("old.cluster.local."),
                20, List.of(new InetSocketAddress("127.0.0.1", 53)), List.of("10.200.0.0/16", "10.96.0.0/12"));
        ClusterDns neu = new ClusterDns("new", Name.fromString("cluster.local."), Name.fromString("new.cluster.local."),
                10, List.of(new InetSocketAddress("127.0.0.2", 53)), List.of("10.100.0.0/16", "fd00:100::/64"));
        table = RouteTable.of(new DnsRoutes(List.of(old, neu), List.of(), List.of()));
        alias = Name.fromString("_http._tcp.web.default.svc.old.cluster.local.");
        shared = Name.fromString("web.default.svc.cluster.local.");
        external = Name.fromString("ext-42.example.com.");
        reverse = Name.fromString("7.0.200.10.in-addr.arpa.");
        sharedWire = shared.toWireCanonical();
        externalWire = external.toWireCanonical();
        rewriter = new AliasRewriter(old.alias(), old.domain());
        aliasQuery = Message.newQuery(Record.newRecord(alias, Type.SRV, DClass.IN));
        Message sent = rewriter.toDomain(aliasQuery);
        domainAnswer = new Message(sent.getHeader().getID());
        domainAnswer.getHeader().setFlag(Flags.QR);
        domainAnswer.addRecord(sent.getQuestion(), Section.QUESTION);
        Name target = Name.fromString("web.default.svc.cluster.local.");
        domainAnswer.addRecord(new SRVRecord(sent.getQuestion().getName(), DClass.IN, 30, 0, 100, 80, target),
                Section.ANSWER);
    }

    @Benchmark
    public Route routeAlias() {
        return table.route(alias);
    }

    @Benchmark
    public Route routeShared() {
        return table.route(shared);
    }

    @Benchmark
    public Route routeExternal() {
        return table.route(external);
    }

    /** The cache shortcut's lookup: the packet's lower-cased bytes, no Name. */
    @Benchmark
    public Route routeSharedFromWire() {
        return table.routeCanonicalWire(sharedWire);
    }

    @Benchmark
    public Route routeExternalFromWire() {
        return table.routeCanonicalWire(externalWire);
    }

    @Benchmark
    public Route routeReverse() {
        return table.route(reverse);
    }

    @Benchmark
    public Message aliasQueryToDomain() {
        return rewriter.toDomain(aliasQuery);
    }

    @Benchmark
    public Message aliasAnswerBack() {
        return rewriter.toAlias(domainAnswer, aliasQuery);
    }
}
