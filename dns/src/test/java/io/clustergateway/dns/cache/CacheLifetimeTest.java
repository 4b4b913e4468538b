package io.clustergateway.dns.cache;

import static io.clustergateway.dns.cache.Answers.a;
import static io.clustergateway.dns.cache.Answers.name;
import static io.clustergateway.dns.cache.Answers.negative;
import static io.clustergateway.dns.cache.Answers.positive;
import static io.clustergateway.dns.cache.Answers.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.dns.CacheSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

class CacheLifetimeTest {
    private final CacheSettings settings =
            new CacheSettings(100, Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofMinutes(10));
    private final Message query = query("www.example.com.", 1);

    @Test
    void positiveLivesForTheSmallestAnswerTtl() {
        Message answer = positive(query, 300, "10.0.0.1");
        answer.addRecord(a(name("www.example.com."), 120, "10.0.0.2"), Section.ANSWER);

        assertThat(CacheLifetime.of(answer, settings)).isEqualTo(new CacheLifetime(AnswerKind.POSITIVE, 120));
    }

    @Test
    void aCnameChainEndingInNxdomainLivesNoLongerThanItsCname() {
        Message answer = negative(query, Rcode.NXDOMAIN, 600, 600);
        answer.addRecord(new CNAMERecord(name("www.example.com."), DClass.IN, 45, name("gone.example.com.")),
                Section.ANSWER);

        assertThat(CacheLifetime.of(answer, settings)).isEqualTo(new CacheLifetime(AnswerKind.NEGATIVE, 45));
    }

    @Test
    void zeroTtlsAndReferralsAreNotCached() {
        assertThat(CacheLifetime.of(positive(query, 0, "10.0.0.1"), settings).cacheable()).isFalse();

        Message referral = Answers.reply(query, Rcode.NOERROR);
        referral.addRecord(new NSRecord(name("example.com."), DClass.IN, 3600, name("ns.example.com.")),
                Section.AUTHORITY);
        assertThat(CacheLifetime.of(referral, settings)).isEqualTo(CacheLifetime.UNCACHEABLE);
    }
}
