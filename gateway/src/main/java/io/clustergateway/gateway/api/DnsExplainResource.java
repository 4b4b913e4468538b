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

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Resolve a name through the gateway and show the route, the pools tried and who answered")
    public CompletionStage<ExplainView> explain(@QueryParam("name") String name,
                                                @QueryParam("type") @DefaultValue("A") String type) {
        if (name == null || name.isBlank()) {
            throw new UnknownValueException("parameter name is required, e.g. name=web.default.svc.cluster.local",
                    List.of("<a DNS name>"));
        }
        int typeCode = Type.value(type.strip().toUpperCase(Locale.ROOT));
        if (typeCode < 0) {
            throw new UnknownValueException("unknown record type \"" + type + "\"; accepted: "
                    + String.join(", ", COMMON_TYPES) + " (or any other type mnemonic)", COMMON_TYPES);
        }
        try {
            Name.fromString(name.strip(), Name.root);
        } catch (TextParseException e) {
            throw new UnknownValueException("not a DNS name \"" + name + "\": " + e.getMessage(), List.of("<a DNS name>"));
        }
        return dns.explain(name.strip(), typeCode).thenApply(ExplainView::of);
    }
}
