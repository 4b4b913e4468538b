package io.clustergateway.dns.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllowListTest {
    private final AllowList allow = AllowList.of(List.of("10.1.3.0/24", "fd00:1::/64"));

    @Test
    void loopbackIsAlwaysAllowed() throws Exception {
        AllowList none = AllowList.of(List.of());
        assertThat(none.allows(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(none.allows(InetAddress.getByName("127.9.9.9"))).isTrue();
        assertThat(none.allows(InetAddress.getByName("::1"))).isTrue();
        assertThat(none.allows(InetAddress.getByName("10.1.3.4"))).isFalse();
    }

    @Test
    void configuredBlocksOfEitherFamilyAreAllowed() throws Exception {
        assertThat(allow.allows(InetAddress.getByName("10.1.3.200"))).isTrue();
        assertThat(allow.allows(InetAddress.getByName("10.1.4.1"))).isFalse();
        assertThat(allow.allows(InetAddress.getByName("fd00:1::abcd"))).isTrue();
        assertThat(allow.allows(InetAddress.getByName("fd00:2::1"))).isFalse();
    }

    @Test
    void aBadCidrIsRejectedNamingIt() {
        assertThatThrownBy(() -> AllowList.of(List.of("10.1.3.0/33")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allow-from").hasMessageContaining("10.1.3.0/33");
    }
}
