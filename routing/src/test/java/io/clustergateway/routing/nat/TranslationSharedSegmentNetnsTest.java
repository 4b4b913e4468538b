package io.clustergateway.routing.nat;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.NatPlan;
import io.clustergateway.routing.testsupport.TwinClustersLab;
import io.clustergateway.routing.translate.TranslationPlan;
import io.clustergateway.routing.translate.VirtualRange;
import io.clustergateway.routing.translate.VirtualRanges;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both clusters behind one segment: the node leaves toward either with 192.168.50.1, so the pods' replies
 * (10.244.1.5:8080 to 192.168.50.1) differ only where the masquerade made them differ.
 */
class TranslationSharedSegmentNetnsTest {
    private static TwinClustersLab lab;
    private static NatBackend backend;

    @BeforeAll
    static void buildLab() throws Exception {
        lab = TwinClustersLab.start(TwinClustersLab.Layout.SHARED_SEGMENT);
        backend = NatBackends.create(NatBackendKind.NFTABLES, lab.nodeRunner());
    }

    @AfterAll
    static void deleteLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void twoConnectionsFromOneLaptopPortToTheSamePodAddressInEachClusterStayApart() throws Exception {
        Cidr pods = Cidr.parse("10.244.0.0/16");
        TranslationPlan translation = TranslationPlan.of(new VirtualRanges(List.of(
                        new VirtualRange("old", pods, Cidr.parse("100.70.0.0/16")),
                        new VirtualRange("new", pods, Cidr.parse("100.81.0.0/16")))),
                Map.of("old", InetAddress.getByName(TwinClustersLab.OLD_VIA),
                        "new", InetAddress.getByName(TwinClustersLab.NEW_VIA_SHARED)), Optional.empty());
        backend.apply(NatPlan.empty().withTranslation(translation));

        // the first connection's conntrack entry outlives it (TIME_WAIT): the second one, with the same laptop
        // address and port, would have the very same reply tuple had the masquerade not given it another port
        assertThat(lab.askFromLaptopPort("100.70.1.5", 40000)).contains("old " + TwinClustersLab.NODE_TOWARD_OLD);
        assertThat(lab.askFromLaptopPort("100.81.1.5", 40000)).contains("new " + TwinClustersLab.NODE_TOWARD_OLD);
        assertThat(lab.askFromLaptopPort("100.70.1.5", 40001)).contains("old " + TwinClustersLab.NODE_TOWARD_OLD);
    }
}
