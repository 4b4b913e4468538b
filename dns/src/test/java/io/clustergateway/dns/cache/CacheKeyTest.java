package io.clustergateway.dns.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;

class CacheKeyTest {

    @Test
    void lowerCasesTheNameAndKeepsRouteTypeClassAndBits() {
        Message query = Answers.dnssecQuery("Web.Example.COM.", 1);
        query.getHeader().setFlag(Flags.CD);

        CacheKey key = CacheKey.of("alias:old", query);

        assertThat(key.lowerName()).hasToString("web.example.com.");
        assertThat(key.route()).isEqualTo("alias:old");
        assertThat(key.dnssecOk()).isTrue();
        assertThat(key.checkingDisabled()).isTrue();
    }

    @Test
    void queriesDifferingOnlyInCaseShareAKeyButDoAndRouteSplitIt() {
        CacheKey plain = CacheKey.of("upstream", Answers.query("web.example.com.", 1));

        assertThat(CacheKey.of("upstream", Answers.query("WEB.example.com.", 2))).isEqualTo(plain);
        assertThat(CacheKey.of("upstream", Answers.dnssecQuery("web.example.com.", 3))).isNotEqualTo(plain);
        assertThat(CacheKey.of("alias:old", Answers.query("web.example.com.", 4))).isNotEqualTo(plain);
    }

    @Test
    void aKeyFromAPacketsLowerCasedBytesEqualsTheKeyFromItsMessage() throws Exception {
        Message query = Answers.query("Svc-1.Default.SVC.cluster.local.", 5);
        CacheKey fromMessage = CacheKey.of("shared:cluster.local", query);

        CacheKey fromWire = CacheKey.ofCanonicalWire("shared:cluster.local",
                new Name("svc-1.default.svc.cluster.local.").toWire(), 1, 1, false, false);

        assertThat(fromWire).isEqualTo(fromMessage).hasSameHashCodeAs(fromMessage);
        assertThat(fromWire.lowerName()).isEqualTo(new Name("svc-1.default.svc.cluster.local."));
        assertThat(CacheKey.ofCanonicalWire("shared:cluster.local", new Name("svc-2.default.svc.cluster.local.").toWire(),
                1, 1, false, false)).isNotEqualTo(fromMessage);
    }
}
