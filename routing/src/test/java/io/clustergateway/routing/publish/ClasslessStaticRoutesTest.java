package io.clustergateway.routing.publish;

import io.clustergateway.routing.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;

import static io.clustergateway.routing.publish.RoutePublisherTest.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 3442 section 3: the destination descriptors of its table, and whole option payloads. */
class ClasslessStaticRoutesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "0.0.0.0/0,         0",
            "10.0.0.0/8,        8.10",
            "10.17.0.0/16,      16.10.17",
            "10.27.129.0/24,    24.10.27.129",
            "10.229.0.128/25,   25.10.229.0.128",
            "10.198.122.47/32,  32.10.198.122.47",
            "10.96.0.0/12,      12.10.96",
            "10.200.0.0/15,     15.10.200",
    })
    void destinationDescriptorsOfRfc3442(String cidr, String expected) {
        assertThat(dotted(ClasslessStaticRoutes.destinationDescriptor(Cidr.parse(cidr)))).isEqualTo(expected);
    }

    @Test
    void encodesDescriptorThenRouterForEachRoute() {
        List<StaticRoute> routes = List.of(
                new StaticRoute(Cidr.parse("10.229.0.128/25"), address("10.1.0.3"), "a"),
                new StaticRoute(Cidr.parse("0.0.0.0/0"), address("10.1.0.1"), "default"),
                new StaticRoute(Cidr.parse("10.96.0.0/12"), address("192.168.1.109"), "old"));

        byte[] payload = ClasslessStaticRoutes.encode(routes);

        assertThat(dotted(payload)).isEqualTo("25.10.229.0.128.10.1.0.3" + ".0.10.1.0.1" + ".12.10.96.192.168.1.109");
        assertThat(HexFormat.of().formatHex(payload)).isEqualTo("190ae500800a010003" + "000a010001" + "0c0a60c0a8016d");
    }

    @Test
    void nothingEncodesToNothing() {
        assertThat(ClasslessStaticRoutes.encode(List.of())).isEmpty();
    }

    @Test
    void refusesIpv6() {
        List<StaticRoute> routes = List.of(new StaticRoute(Cidr.parse("fd00::/64"), address("fd00::1"), "v6"));

        assertThatThrownBy(() -> ClasslessStaticRoutes.encode(routes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fd00::/64");
    }

    private static String dotted(byte[] bytes) {
        StringJoiner joiner = new StringJoiner(".");
        for (byte b : bytes) {
            joiner.add(Integer.toString(Byte.toUnsignedInt(b)));
        }
        return joiner.toString();
    }
}
