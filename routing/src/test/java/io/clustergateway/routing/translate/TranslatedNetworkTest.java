package io.clustergateway.routing.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.Cluster;
import io.clustergateway.routing.ModelProblem;
import io.clustergateway.routing.NetworkModel;
import io.clustergateway.routing.Office;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TranslatedNetworkTest {
    private static final Cidr PODS = Cidr.parse("10.244.0.0/16");
    private static final Cidr SERVICES = Cidr.parse("10.96.0.0/12");
    private static final Office HQ = new Office("hq", List.of(Cidr.parse("10.1.3.0/24")));

    private static Cluster alike(String name, String via) throws Exception {
        return new Cluster(name, List.of(PODS), List.of(SERVICES), Optional.of(InetAddress.getByName(via)));
    }

    @Test
    void aTranslatedClusterIsPublishedAndResolvedThroughItsVirtualRangesOnly() throws Exception {
        NetworkModel network = new NetworkModel(List.of(HQ), List.of(alike("old", "192.168.2.10"), alike("new", "192.168.2.20")));

        TranslatedNetwork translated = TranslatedNetwork.of(network, Set.of("new"), VirtualRangeAllocator.DEFAULT_POOL,
                List.of(), List.of(), Optional.empty());

        assertThat(translated.problems()).isEmpty();
        assertThat(translated.direct().clusters()).extracting(Cluster::name).containsExactly("old");
        Cluster published = translated.published().cluster("new").orElseThrow();
        assertThat(published.podCidrs()).containsExactly(translated.ranges().virtualOf("new", PODS).orElseThrow());
        assertThat(published.serviceCidrs()).containsExactly(translated.ranges().virtualOf("new", SERVICES).orElseThrow());
        assertThat(translated.published().cluster("old").orElseThrow().podCidrs()).containsExactly(PODS);
        assertThat(translated.published().validate()).as("what routers are told never overlaps").isEmpty();
        assertThat(translated.plan().clusters()).extracting(TranslatedCluster::name).containsExactly("new");
        InetAddress coreDns = translated.seenAs("new", InetAddress.getByName("10.96.0.10"));
        assertThat(translated.ranges().virtualOf("new", SERVICES).orElseThrow().contains(coreDns)).isTrue();
        assertThat(translated.seenAs("old", InetAddress.getByName("10.96.0.10"))).isEqualTo(InetAddress.getByName("10.96.0.10"));
    }

    @Test
    void aTranslatedClusterNeedsANextHop() {
        Cluster withoutVia = new Cluster("new", List.of(PODS), List.of(SERVICES));

        TranslatedNetwork translated = TranslatedNetwork.of(new NetworkModel(List.of(), List.of(withoutVia)), Set.of("new"),
                VirtualRangeAllocator.DEFAULT_POOL, List.of(), List.of(), Optional.empty());

        assertThat(translated.problems()).extracting(ModelProblem::key).containsExactly("gateway.clusters.new.via");
        assertThat(translated.plan().isEmpty()).isTrue();
    }
}
