package io.clustergateway.routing.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.ModelProblem;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VirtualRangeAllocatorTest {
    private static final Cidr POOL = VirtualRangeAllocator.DEFAULT_POOL;
    private static final Cidr PODS = Cidr.parse("10.244.0.0/16");
    private static final Cidr SERVICES = Cidr.parse("10.96.0.0/12");
    /** Two clusters built alike, kubeadm and flannel defaults. */
    private static final List<RangeRequest> ALIKE = List.of(
            new RangeRequest("old", PODS), new RangeRequest("old", SERVICES),
            new RangeRequest("new", PODS), new RangeRequest("new", SERVICES));
    private static final List<Cidr> REAL = List.of(PODS, SERVICES, Cidr.parse("10.1.3.0/24"));

    private static Allocation allocate(List<RangeRequest> requests) {
        return VirtualRangeAllocator.allocate(POOL, requests, List.of(), List.of(), REAL);
    }

    @Test
    void clustersBuiltAlikeGetDisjointBlocksOfTheirOwnSizeInsideThePool() {
        Allocation allocation = allocate(ALIKE);

        assertThat(allocation.problems()).isEmpty();
        List<VirtualRange> ranges = allocation.ranges().ranges();
        assertThat(ranges).hasSize(4);
        for (VirtualRange range : ranges) {
            assertThat(POOL.contains(range.virtual())).as(range.toString()).isTrue();
            assertThat(range.virtual().prefixLength()).isEqualTo(range.real().prefixLength());
            for (VirtualRange other : ranges) {
                assertThat(other == range || !other.virtual().overlaps(range.virtual())).as(range + " / " + other).isTrue();
            }
        }
        assertThat(allocation.ranges().virtualOf("old", PODS)).isNotEqualTo(allocation.ranges().virtualOf("new", PODS));
    }

    @Test
    void theSameConfigurationYieldsTheSameBlocksOnEveryStart() {
        assertThat(allocate(ALIKE)).isEqualTo(allocate(ALIKE));
    }

    @Test
    void reorderingTheFileChangesNoBlock() {
        Allocation expected = allocate(ALIKE);
        Random random = new Random(12);
        for (int round = 0; round < 20; round++) {
            List<RangeRequest> shuffled = new ArrayList<>(ALIKE);
            Collections.shuffle(shuffled, random);
            assertThat(allocate(shuffled)).as(shuffled.toString()).isEqualTo(expected);
        }
    }

    @Test
    void addingAClusterKeepsEveryBlockGivenBefore() {
        VirtualRanges before = allocate(ALIKE).ranges();
        // a newcomer whose derived block is exactly one already given, and whose name sorts first: derivation
        // alone would hand it that block; the previous allocation keeps it where it is
        String newcomer = nameWhoseServicesLandOn(before.virtualOf("old", SERVICES).orElseThrow());
        List<RangeRequest> grown = new ArrayList<>(ALIKE);
        grown.add(new RangeRequest(newcomer, SERVICES));
        assertThat(allocate(grown).ranges().virtualOf("old", SERVICES)).isNotEqualTo(before.virtualOf("old", SERVICES));

        Allocation after = VirtualRangeAllocator.allocate(POOL, grown, List.of(), before.ranges(), REAL);

        assertThat(after.problems()).isEmpty();
        assertThat(after.ranges().ranges()).containsAll(before.ranges());
        assertThat(after.ranges().of(newcomer)).hasSize(1);
    }

    @Test
    void removingAClusterKeepsTheOthersBlocks() {
        VirtualRanges before = allocate(ALIKE).ranges();

        Allocation after = VirtualRangeAllocator.allocate(POOL, ALIKE.subList(0, 2), List.of(), before.ranges(), REAL);

        assertThat(after.ranges().ranges()).containsExactlyElementsOf(before.of("old"));
    }

    @Test
    void aPinnedBlockIsTakenAsItIs() {
        VirtualRange pin = new VirtualRange("old", PODS, Cidr.parse("100.127.0.0/16"));

        Allocation allocation = VirtualRangeAllocator.allocate(POOL, ALIKE, List.of(pin), List.of(), REAL);

        assertThat(allocation.problems()).isEmpty();
        assertThat(allocation.ranges().virtualOf("old", PODS)).contains(Cidr.parse("100.127.0.0/16"));
    }

    @Test
    void badPinsAreReportedWithTheirKeyAndValue() {
        List<VirtualRange> pins = List.of(
                new VirtualRange("old", PODS, Cidr.parse("192.168.0.0/16")),
                new VirtualRange("old", SERVICES, Cidr.parse("100.64.0.0/12")),
                new VirtualRange("new", SERVICES, Cidr.parse("100.64.0.0/12")),
                new VirtualRange("new", Cidr.parse("10.245.0.0/16"), Cidr.parse("100.100.0.0/16")));

        Allocation allocation = VirtualRangeAllocator.allocate(POOL, ALIKE, pins, List.of(), REAL);

        assertThat(allocation.problems()).containsExactly(
                new ModelProblem("gateway.clusters.old.virtual-cidrs", "192.168.0.0/16", "is outside gateway.translation.pool 100.64.0.0/10"),
                new ModelProblem("gateway.clusters.new.virtual-cidrs", "100.64.0.0/12",
                        "overlaps 100.64.0.0/12, the virtual block of 10.96.0.0/12 of cluster old"),
                new ModelProblem("gateway.clusters.new.virtual-cidrs", "100.100.0.0/16",
                        "stands for 10.245.0.0/16, which is not a translated pod or service CIDR of cluster new"));
    }

    @Test
    void aFullPoolIsReportedNamingTheRangeLeftOut() {
        Cidr small = Cidr.parse("100.64.0.0/11");
        // room for two /12s, and three clusters built alike
        List<RangeRequest> three = List.of(new RangeRequest("a", SERVICES), new RangeRequest("b", SERVICES),
                new RangeRequest("c", SERVICES));

        Allocation allocation = VirtualRangeAllocator.allocate(small, three, List.of(), List.of(), REAL);

        assertThat(allocation.problems()).hasSize(1);
        assertThat(allocation.problems().get(0).key()).isEqualTo("gateway.translation.pool");
        assertThat(allocation.problems().get(0).message()).isEqualTo("has no free /12 left for 10.96.0.0/12 of cluster c; use a larger pool");
    }

    @Test
    void aBlockNeverCoversARealRange() {
        Cidr realInPool = Cidr.parse("100.64.0.0/11");
        List<RangeRequest> requests = List.of(new RangeRequest("a", SERVICES), new RangeRequest("b", SERVICES));

        Allocation allocation = VirtualRangeAllocator.allocate(POOL, requests, List.of(), List.of(), List.of(realInPool));

        assertThat(allocation.problems()).isEmpty();
        assertThat(allocation.ranges().ranges()).extracting(VirtualRange::virtual)
                .containsExactlyInAnyOrder(Cidr.parse("100.96.0.0/12"), Cidr.parse("100.112.0.0/12"));
    }

    @Test
    void ipv6RangesAndAnIpv6PoolAreReported() {
        Allocation v6range = allocate(List.of(new RangeRequest("old", Cidr.parse("fd00:10::/64"))));
        Allocation v6pool = VirtualRangeAllocator.allocate(Cidr.parse("fd00::/48"), ALIKE, List.of(), List.of(), REAL);

        assertThat(v6range.problems()).extracting(ModelProblem::key).containsExactly("gateway.clusters.old.translate");
        assertThat(v6pool.problems()).extracting(ModelProblem::toString).containsExactly(
                "gateway.translation.pool=fd00::/48: must be an IPv4 network such as 100.64.0.0/10; translation covers IPv4 ranges");
    }

    @Test
    void anAddressKeepsItsOffsetBothWays() throws Exception {
        VirtualRange range = new VirtualRange("old", PODS, Cidr.parse("100.70.0.0/16"));

        assertThat(range.toVirtual(InetAddress.getByName("10.244.1.5"))).contains(InetAddress.getByName("100.70.1.5"));
        assertThat(range.toReal(InetAddress.getByName("100.70.255.255"))).contains(InetAddress.getByName("10.244.255.255"));
        assertThat(range.toVirtual(InetAddress.getByName("10.245.0.1"))).isEmpty();
        assertThat(range.toReal(InetAddress.getByName("10.244.1.5"))).isEmpty();
    }

    private static String nameWhoseServicesLandOn(Cidr block) {
        for (int n = 0; ; n++) {
            String name = "a" + n;
            Allocation alone = allocate(List.of(new RangeRequest(name, SERVICES)));
            if (alone.ranges().virtualOf(name, SERVICES).orElseThrow().equals(block)) {
                return name;
            }
        }
    }
}
