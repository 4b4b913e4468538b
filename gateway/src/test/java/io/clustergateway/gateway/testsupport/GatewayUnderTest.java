package io.clustergateway.gateway.testsupport;

import io.clustergateway.gateway.dns.GatewayDns;
import io.quarkus.arc.Arc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The DNS side of the gateway booted by a {@code @QuarkusTest}: its real (port 0 → bound) address, and dig-like queries. */
public final class GatewayUnderTest {
    private GatewayUnderTest() {}

    public static InetSocketAddress dnsAddress() {
        return Arc.container().instance(GatewayDns.class).get().boundAddresses().get(0);
    }

    public static int dnsPort() {
        return dnsAddress().getPort();
    }

    public static Message resolve(String name) {
        return resolve(name, Type.A, false);
    }

    public static Message resolve(String name, int type, boolean tcp) {
        try {
            SimpleResolver resolver = new SimpleResolver(dnsAddress());
            resolver.setTimeout(Duration.ofSeconds(3));
            resolver.setTCP(tcp);
            return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
