package io.clustergateway.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrTest {

    @Test
    void parsesIpv4WithMaskAndNetwork() throws Exception {
        Cidr cidr = Cidr.parse("10.96.0.0/12");

        assertThat(cidr.toString()).isEqualTo("10.96.0.0/12");
        assertThat(cidr.isIpv4()).isTrue();
        assertThat(cidr.prefixLength()).isEqualTo(12);
        assertThat(cidr.network()).isEqualTo(InetAddress.getByName("10.96.0.0"));
        assertThat(cidr.netmask()).isEqualTo("255.240.0.0");
        assertThat(cidr.address()).isEqualTo("10.96.0.0");
    }

    @Test
    void parsesIpv6InCanonicalForm() {
        Cidr cidr = Cidr.parse("FD00:0010:0:0::/64");

        assertThat(cidr.toString()).isEqualTo("fd00:10::/64");
        assertThat(cidr.isIpv4()).isFalse();
        assertThat(cidr.isIpv6()).isTrue();
        assertThat(cidr.prefixLength()).isEqualTo(64);
    }

    @Test
    void acceptsMaskNotationAndIpv6LeadingZeros() {
        assertThat(Cidr.parse("10.96.0.0/255.240.0.0").toString()).isEqualTo("10.96.0.0/12");
        assertThat(Cidr.parse("fd00:0010::/64").toString()).isEqualTo("fd00:10::/64");
    }

    @Test
    void bareAddressIsAHostRoute() {
        assertThat(Cidr.parse("10.1.2.3").toString()).isEqualTo("10.1.2.3/32");
        assertThat(Cidr.parse("fd00::1").toString()).isEqualTo("fd00::1/128");
        assertThat(Cidr.parse(" 10.0.0.0/8 ").toString()).isEqualTo("10.0.0.0/8");
    }

    @Test
    void rejectsHostBitsSuggestingTheNetwork() {
        assertThatThrownBy(() -> Cidr.parse("10.1.2.3/8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host bits set in 10.1.2.3/8; did you mean 10.0.0.0/8?");
        assertThatThrownBy(() -> Cidr.parse("fd00::1/64"))
                .hasMessage("host bits set in fd00::1/64; did you mean fd00::/64?");
    }

    @ParameterizedTest
    @ValueSource(strings = {"banana", "10.0.0.0/33", "10.0.0/8x", "300.1.1.1", "example.com", "10.1.*.*", "10.0.0.0/8/9",
            "10.96/12", "10.1", "167772160", "010.1.2.0/24", "10.1.2.0-10.1.2.255", "*", "/8", "fd00::1::2", "1.2.3.4.5"})
    void rejectsGarbageNamingTheText(String text) {
        assertThatThrownBy(() -> Cidr.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a CIDR: \"" + text + "\"");
    }

    @Test
    void garbageMessageShowsWhatIsExpected() {
        assertThatThrownBy(() -> Cidr.parse("banana"))
                .hasMessage("not a CIDR: \"banana\"; expected an address or a network such as 10.96.0.0/12 or fd00:10::/64");
    }

    @Test
    void rejectsEmptyAndNull() {
        assertThatThrownBy(() -> Cidr.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Cidr.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void containsAndOverlaps() throws Exception {
        Cidr services = Cidr.parse("10.96.0.0/12");

        assertThat(services.contains(Cidr.parse("10.100.0.0/16"))).isTrue();
        assertThat(services.contains(services)).isTrue();
        assertThat(Cidr.parse("10.100.0.0/16").contains(services)).isFalse();
        assertThat(services.contains(InetAddress.getByName("10.96.0.10"))).isTrue();
        assertThat(services.contains(InetAddress.getByName("10.112.0.1"))).isFalse();
        assertThat(services.contains(InetAddress.getByName("::ffff:10.96.0.10"))).isTrue(); // Java maps it to IPv4
        assertThat(services.contains(InetAddress.getByName("fd00::1"))).isFalse();

        assertThat(services.overlaps(Cidr.parse("10.100.0.0/16"))).isTrue();
        assertThat(Cidr.parse("10.100.0.0/16").overlaps(services)).isTrue();
        assertThat(services.overlaps(Cidr.parse("10.200.0.0/16"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").overlaps(Cidr.parse("::/0"))).isFalse();
        assertThat(Cidr.parse("fd00::/8").overlaps(Cidr.parse("fd00:10::/64"))).isTrue();
    }

    @Test
    void summarizeMergesAdjacentHalves() {
        assertThat(Cidr.summarize(cidrs("10.200.128.0/17", "10.200.0.0/17")))
                .containsExactly(Cidr.parse("10.200.0.0/16"));
    }

    @Test
    void summarizeDropsContainedAndDuplicates() {
        assertThat(Cidr.summarize(cidrs("10.100.0.0/16", "10.96.0.0/12", "10.96.5.0/24", "10.96.0.0/12")))
                .containsExactly(Cidr.parse("10.96.0.0/12"));
    }

    @Test
    void summarizeKeepsNonAdjacentSorted() {
        // 10.201/16 and 10.202/16 touch but do not form one aligned block: they stay two
        assertThat(Cidr.summarize(cidrs("10.254.0.0/16", "10.202.0.0/16", "10.201.0.0/16", "10.96.0.0/12")))
                .extracting(Cidr::toString)
                .containsExactly("10.96.0.0/12", "10.201.0.0/16", "10.202.0.0/16", "10.254.0.0/16");
    }

    @Test
    void summarizeIpv6AndMixedFamilies() {
        assertThat(Cidr.summarize(cidrs("fd00:0:0:0:8000::/65", "10.0.0.0/9", "fd00::/65", "10.128.0.0/9")))
                .extracting(Cidr::toString)
                .containsExactly("10.0.0.0/8", "fd00::/64");
        assertThat(Cidr.summarize(List.of())).isEmpty();
    }

    @Test
    void ordersByFamilyThenAddressThenPrefix() {
        List<Cidr> sorted = new ArrayList<>(cidrs("fd00::/64", "10.200.0.0/16", "10.96.0.0/16", "10.96.0.0/12", "9.0.0.0/8"));
        sorted.sort(null);

        assertThat(sorted).extracting(Cidr::toString)
                .containsExactly("9.0.0.0/8", "10.96.0.0/12", "10.96.0.0/16", "10.200.0.0/16", "fd00::/64");
    }

    @Test
    void equalValuesAreEqual() {
        assertThat(Cidr.parse("10.0.0.0/8")).isEqualTo(Cidr.parse("10.0.0.0/8"))
                .hasSameHashCodeAs(Cidr.parse("10.0.0.0/8"))
                .isNotEqualTo(Cidr.parse("10.0.0.0/9"));
    }

    @Test
    void ofTakesThePrefixBlockOfAnAddress() throws Exception {
        assertThat(Cidr.of(InetAddress.getByName("10.1.2.3"), 8)).isEqualTo(Cidr.parse("10.0.0.0/8"));
    }

    static List<Cidr> cidrs(String... texts) {
        return java.util.Arrays.stream(texts).map(Cidr::parse).toList();
    }
}
