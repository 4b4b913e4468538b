package io.clustergateway.gateway.api;

import io.clustergateway.dns.Explanation;
import io.clustergateway.gateway.dns.GatewayDns;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Which route a name takes, who answered, and the answer: the first thing to look at when a name fails. */
@Path("/api/v1/dns/explain")
public class DnsExplainResource {
    /** Listed in the 400 message; any type dnsjava knows by mnemonic (or TYPEnnn) is accepted. */
    static final List<String> COMMON_TYPES =
            List.of("A", "AAAA", "CNAME", "MX", "NS", "PTR", "SOA", "SRV", "TXT", "CAA", "HTTPS", "SVCB");

    private final GatewayDns dns;

    public DnsExplainResource(GatewayDns dns) {
        this.dns = dns;
    }

    public record ExplainView(String name, String type, String route, List<String> tried, String answeredBy,
                              String rcode, List<String> answers, String failure, double tookMillis) {
        static ExplainView of(Explanation e) {
            return new ExplainView(e.name(), e.type(), e.route(), e.tried(), e.answeredBy().orElse(null), e.rcode(),
                    e.answers(), e.failure().orElse(null), e.took().toNanos() / 1_000_000.0);
        }
    }

    /**
     * @param name    a DNS name, or an IP address: its reverse name is asked (name=10.96.0.10 asks
     *                10.0.96.10.in-addr.arpa), with type PTR unless another is given
     * @param noCache ask the cluster or upstream even when the cache holds an answer (the cache is left as it is)
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Resolve a name (or an IP address, for its PTR) through the gateway and show the route, "
            + "the pools tried, who answered, and why a pool failed")
    public CompletionStage<ExplainView> explain(@QueryParam("name") String name, @QueryParam("type") String type,
                                                @QueryParam("nocache") @DefaultValue("false") boolean noCache) {
        if (name == null || name.isBlank()) {
            throw new UnknownValueException("parameter name is required, e.g. name=web.default.svc.cluster.local",
                    List.of("<a DNS name>", "<an IP address>"));
        }
        String asked = type != null && !type.isBlank() ? type : isAddress(name.strip()) ? "PTR" : "A";
        int typeCode = Type.value(asked.strip().toUpperCase(Locale.ROOT));
        if (typeCode < 0) {
            throw new UnknownValueException("unknown record type \"" + type + "\"; accepted: "
                    + String.join(", ", COMMON_TYPES) + " (or any other type mnemonic)", COMMON_TYPES);
        }
        try {
            if (!isAddress(name.strip())) {
                Name.fromString(name.strip(), Name.root);
            }
        } catch (TextParseException e) {
            throw new UnknownValueException("not a DNS name \"" + name + "\": " + e.getMessage(), List.of("<a DNS name>"));
        }
        return dns.explain(name.strip(), typeCode, noCache).thenApply(ExplainView::of);
    }

    private static boolean isAddress(String name) {
        return Address.isDottedQuad(name) || (name.indexOf(':') >= 0 && Address.toByteArray(name, Address.IPv6) != null);
    }
}
