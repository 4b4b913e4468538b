package io.clustergateway.routing.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.command.CommandException;
import io.clustergateway.routing.testsupport.FakeCommandRunner;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelRoutesTest {
    private static final String OURS_V4 = "ip -4 -j route show proto 200";
    private static final String OURS_V6 = "ip -6 -j route show proto 200";

    private final FakeCommandRunner runner = new FakeCommandRunner().answer(OURS_V4, "[]\n").answer(OURS_V6, "[]\n");
    private final KernelRoutes routes = new KernelRoutes(runner);

    @Test
    void currentListsOurRoutesOfBothFamilies() throws CommandException {
        runner.answer(OURS_V4, """
                        [{"dst":"10.200.0.0/16","gateway":"192.168.50.10","dev":"d0","flags":[]},{"dst":"10.9.9.9","gateway":"192.168.50.10","dev":"d0","flags":[]}]
                        """)
                .answer(OURS_V6, """
                        [{"dst":"fd00:200::/64","gateway":"fd00:50::10","dev":"d0","metric":1024,"flags":[],"pref":"medium"}]
                        """);

        assertThat(routes.current()).containsExactly(
                route("10.200.0.0/16", "192.168.50.10"), route("10.9.9.9/32", "192.168.50.10"), route("fd00:200::/64", "fd00:50::10"));
    }

    @Test
    void reconcileReplacesWhatIsMissingAndDeletesOursNoLongerWanted() throws CommandException {
        runner.answer(OURS_V4, """
                [{"dst":"10.200.0.0/16","gateway":"192.168.50.10","dev":"d0","flags":[]},{"dst":"10.201.0.0/16","gateway":"192.168.50.10","dev":"d0","flags":[]}]
                """);

        routes.reconcile(List.of(route("10.200.0.0/16", "192.168.50.10"), route("10.100.0.0/16", "192.168.50.20")));

        assertThat(runner.commandLines()).containsExactly(OURS_V4, OURS_V6,
                "ip route del 10.201.0.0/16 via 192.168.50.10 proto 200",
                "ip -4 -j route show exact 10.100.0.0/16",
                "ip route replace 10.100.0.0/16 via 192.168.50.20 proto 200");
    }

    @Test
    void aRoutePointedElsewhereIsReplacedInPlaceWithoutAGap() throws CommandException {
        runner.answer(OURS_V4, """
                [{"dst":"10.200.0.0/16","gateway":"192.168.50.10","dev":"d0","flags":[]}]
                """);

        routes.reconcile(List.of(route("10.200.0.0/16", "192.168.50.20")));

        assertThat(runner.commandLines()).containsExactly(OURS_V4, OURS_V6,
                "ip route replace 10.200.0.0/16 via 192.168.50.20 proto 200");
    }

    @Test
    void twoNextHopsForOneDestinationAreRefused() {
        assertThatThrownBy(() -> routes.reconcile(List.of(route("10.200.0.0/16", "192.168.50.10"), route("10.200.0.0/16", "192.168.50.20"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("two next hops for 10.200.0.0/16: [10.200.0.0/16 via 192.168.50.10, 10.200.0.0/16 via 192.168.50.20]");
        assertThat(runner.commandLines()).isEmpty();
    }

    @Test
    void aDestinationSomeoneElseRoutesIsLeftToThem() throws CommandException {
        // iproute2 leaves "protocol" out for proto boot, the default of a hand-typed `ip route add`
        runner.answer("ip -4 -j route show exact 10.100.0.0/16", """
                [{"dst":"10.100.0.0/16","gateway":"192.168.50.1","dev":"d0","flags":[]}]
                """);

        routes.reconcile(List.of(route("10.100.0.0/16", "192.168.50.20")));

        assertThat(runner.commandLines()).noneMatch(line -> line.startsWith("ip route replace"));
    }

    @Test
    void removeAllDeletesOnlyOurs() throws CommandException {
        runner.answer(OURS_V4, """
                [{"dst":"10.200.0.0/16","gateway":"192.168.50.10","dev":"d0","flags":[]}]
                """);

        routes.removeAll();

        assertThat(runner.commandLines()).containsExactly(OURS_V4, OURS_V6, "ip route del 10.200.0.0/16 via 192.168.50.10 proto 200");
    }

    @Test
    void aRouteCannotMixFamilies() {
        assertThatThrownBy(() -> route("10.200.0.0/16", "fd00::1")).hasMessageContaining("different address families");
    }

    static KernelRoute route(String destination, String via) {
        try {
            return new KernelRoute(Cidr.parse(destination), InetAddress.getByName(via));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
