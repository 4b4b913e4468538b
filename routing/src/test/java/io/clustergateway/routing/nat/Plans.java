package io.clustergateway.routing.nat;

import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.Cluster;
import io.clustergateway.routing.NatOptions;
import io.clustergateway.routing.NatPlan;
import io.clustergateway.routing.NetworkModel;
import io.clustergateway.routing.Office;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import io.clustergateway.routing.translate.TranslationPlan;
import io.clustergateway.routing.translate.VirtualRange;
import io.clustergateway.routing.translate.VirtualRanges;
import java.util.Optional;

/** Plans the NAT tests share. */
final class Plans {
    private Plans() {}

    /** Offices hq and branch; clusters old and new, bridged for the migration. */
    static NetworkModel twoOfficesTwoClusters() {
        return new NetworkModel(
                List.of(new Office("hq", cidrs("10.1.3.0/24")), new Office("branch", cidrs("10.2.0.0/16"))),
                List.of(new Cluster("old", cidrs("10.200.0.0/16"), cidrs("10.96.0.0/12")),
                        new Cluster("new", cidrs("10.100.0.0/16"), cidrs("10.254.0.0/16"))));
    }

    static NatPlan masquerade() {
        return NatPlan.of(twoOfficesTwoClusters(), NatOptions.masquerade(true));
    }

    static NatPlan snat(String address) {
        return NatPlan.of(twoOfficesTwoClusters(), new NatOptions(Optional.of(ip(address)), true));
    }

    /** One office into one cluster's pod network: the lab's plan. */
    static NatPlan officeToPods(String office, String pods) {
        return NatPlan.of(new NetworkModel(List.of(new Office("hq", cidrs(office))),
                List.of(new Cluster("old", cidrs(pods), List.of()))), NatOptions.masquerade(true));
    }

    /** The lab's office and pods, plus IPv6 networks for both. */
    static NatPlan dualStack() {
        return NatPlan.of(new NetworkModel(List.of(new Office("hq", cidrs("10.1.3.0/24", "fd00:1:3::/64"))),
                List.of(new Cluster("old", cidrs("10.200.0.0/16", "fd00:200::/56"), cidrs("fd00:96::/112")))),
                NatOptions.masquerade(true));
    }

    /** Clusters old and new with the same pods, seen as 100.70.0.0/16 and 100.81.0.0/16. */
    static TranslationPlan translatedTwins() {
        Cidr pods = Cidr.parse("10.244.0.0/16");
        VirtualRanges ranges = new VirtualRanges(List.of(
                new VirtualRange("old", pods, Cidr.parse("100.70.0.0/16")),
                new VirtualRange("new", pods, Cidr.parse("100.81.0.0/16"))));
        return TranslationPlan.of(ranges, Map.of("old", ip("192.168.50.10"), "new", ip("192.168.60.10")), Optional.empty());
    }

    static List<Cidr> cidrs(String... texts) {
        return Arrays.stream(texts).map(Cidr::parse).toList();
    }

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
