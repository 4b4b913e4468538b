package io.clustergateway.routing;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.clustergateway.routing.CidrTest.cidrs;
import static org.assertj.core.api.Assertions.assertThat;

class NetworkModelTest {

    private static final Office HQ = new Office("hq", cidrs("10.1.3.0/24"));
    private static final Cluster OLD = new Cluster("old", cidrs("10.200.0.0/16"), cidrs("10.96.0.0/12"));
    private static final Cluster NEW = new Cluster("new", cidrs("10.201.0.0/16"), cidrs("10.254.0.0/16"));

    @Test
    void cleanModelHasNoProblems() {
        assertThat(new NetworkModel(List.of(HQ), List.of(OLD, NEW)).validate()).isEmpty();
        assertThat(NetworkModel.empty().validate()).isEmpty();
    }

    @Test
    void clusterOverlappingClusterIsReportedOnceNamingBothKeys() {
        Cluster newer = new Cluster("new", cidrs("10.200.0.0/17"), cidrs("10.254.0.0/16"));

        assertThat(new NetworkModel(List.of(), List.of(OLD, newer)).validate()).containsExactly(
                new ModelProblem("gateway.clusters.new.pod-cidrs", "10.200.0.0/17",
                        "overlaps gateway.clusters.old.pod-cidrs 10.200.0.0/16"));
    }

    @Test
    void podCidrInsideAnotherClustersServiceCidr() {
        // the shape of a typical mistake: 10.100.0.0/16 lies inside 10.96.0.0/12 (10.96.0.0 - 10.111.255.255)
        Cluster newer = new Cluster("new", cidrs("10.100.0.0/16"), cidrs("10.254.0.0/16"));

        assertThat(new NetworkModel(List.of(), List.of(OLD, newer)).validate()).containsExactly(
                new ModelProblem("gateway.clusters.new.pod-cidrs", "10.100.0.0/16",
                        "overlaps gateway.clusters.old.service-cidrs 10.96.0.0/12"));
    }

    @Test
    void officeOverlappingClusterNamesBoth() {
        Office lab = new Office("lab", cidrs("10.200.5.0/24"));

        assertThat(new NetworkModel(List.of(lab), List.of(OLD)).validate()).containsExactly(
                new ModelProblem("gateway.clusters.old.pod-cidrs", "10.200.0.0/16",
                        "overlaps gateway.offices.lab.cidrs 10.200.5.0/24"));
    }

    @Test
    void twoOfficesClaimingOneNetwork() {
        Office branch = new Office("branch", cidrs("10.1.3.0/24"));

        assertThat(new NetworkModel(List.of(HQ, branch), List.of()).validate()).containsExactly(
                new ModelProblem("gateway.offices.branch.cidrs", "10.1.3.0/24", "is also gateway.offices.hq.cidrs 10.1.3.0/24"));
    }

    @Test
    void clusterOwnPodAndServiceCidrsOverlapping() {
        Cluster broken = new Cluster("old", cidrs("10.96.0.0/16"), cidrs("10.96.0.0/12"));

        assertThat(new NetworkModel(List.of(), List.of(broken)).validate()).containsExactly(
                new ModelProblem("gateway.clusters.old.service-cidrs", "10.96.0.0/12",
                        "overlaps gateway.clusters.old.pod-cidrs 10.96.0.0/16"));
    }

    @Test
    void sameCidrListedTwiceInOneKey() {
        Cluster twice = new Cluster("old", cidrs("10.200.0.0/16", "10.200.0.0/16"), List.of());

        assertThat(new NetworkModel(List.of(), List.of(twice)).validate()).containsExactly(
                new ModelProblem("gateway.clusters.old.pod-cidrs", "10.200.0.0/16", "is listed twice in gateway.clusters.old.pod-cidrs"));
    }

    @Test
    void everyOverlapIsReportedAndDifferentFamiliesNeverOverlap() {
        Cluster v6 = new Cluster("v6", cidrs("fd00::/64"), List.of());
        Cluster other = new Cluster("other", cidrs("10.200.0.0/16"), cidrs("10.96.0.0/16"));

        assertThat(new NetworkModel(List.of(HQ), List.of(OLD, other, v6)).validate())
                .extracting(ModelProblem::toString)
                .containsExactly(
                        "gateway.clusters.other.pod-cidrs=10.200.0.0/16: is also gateway.clusters.old.pod-cidrs 10.200.0.0/16",
                        "gateway.clusters.other.service-cidrs=10.96.0.0/16: overlaps gateway.clusters.old.service-cidrs 10.96.0.0/12");
    }

    @Test
    void nextHopInsideARoutedNetwork() throws Exception {
        Cluster viaInside = new Cluster("old", cidrs("10.200.0.0/16"), cidrs("10.96.0.0/12"),
                Optional.of(InetAddress.getByName("10.200.0.1")));
        Cluster viaOutside = new Cluster("new", cidrs("10.201.0.0/16"), List.of(),
                Optional.of(InetAddress.getByName("192.168.1.10")));

        assertThat(new NetworkModel(List.of(HQ), List.of(viaInside, viaOutside)).validate()).containsExactly(
                new ModelProblem("gateway.clusters.old.via", "10.200.0.1", "is inside gateway.clusters.old.pod-cidrs "
                        + "10.200.0.0/16; the next hop into a cluster must be reachable without that route"));
    }

    @Test
    void findsClustersByName() {
        NetworkModel model = new NetworkModel(List.of(HQ), List.of(OLD, NEW));

        assertThat(model.cluster("new")).contains(NEW);
        assertThat(model.cluster("gone")).isEmpty();
    }

    @Test
    void clustersBuiltAlikeAreAcceptedWhenOneOfThemIsTranslated() {
        Cluster old = new Cluster("old", cidrs("10.244.0.0/16"), cidrs("10.96.0.0/12"));
        Cluster alike = new Cluster("new", cidrs("10.244.0.0/16"), cidrs("10.96.0.0/12"));
        Office lab = new Office("lab", cidrs("10.244.5.0/24"));

        assertThat(new NetworkModel(List.of(), List.of(old, alike)).validate()).extracting(ModelProblem::toString).containsExactly(
                "gateway.clusters.new.pod-cidrs=10.244.0.0/16: is also gateway.clusters.old.pod-cidrs 10.244.0.0/16",
                "gateway.clusters.new.service-cidrs=10.96.0.0/12: is also gateway.clusters.old.service-cidrs 10.96.0.0/12");
        assertThat(new NetworkModel(List.of(), List.of(old, alike)).validate(Set.of("new"))).isEmpty();
        assertThat(new NetworkModel(List.of(), List.of(old, alike)).validate(Set.of("old", "new"))).isEmpty();
        assertThat(new NetworkModel(List.of(lab), List.of(alike)).validate(Set.of("new"))).isEmpty();
    }

    @Test
    void aTranslatedClustersOwnRangesMustStillNotOverlap() {
        Cluster broken = new Cluster("old", cidrs("10.96.0.0/16"), cidrs("10.96.0.0/12"));

        assertThat(new NetworkModel(List.of(), List.of(broken)).validate(Set.of("old"))).extracting(ModelProblem::key)
                .containsExactly("gateway.clusters.old.service-cidrs");
    }
}
