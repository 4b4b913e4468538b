package io.clustergateway.gateway.discovery;

import io.clustergateway.routing.Cidr;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jboss.logging.Logger;

/** CIDR strings as a cluster reports them, parsed and summarized; what the cluster got wrong is logged, not fatal. */
final class CidrTexts {

    private static final Logger LOG = Logger.getLogger(CidrTexts.class);

    private CidrTexts() {}

    /** Summarized (adjacent and contained blocks merged, sorted) canonical texts such as {@code 10.244.0.0/23}. */
    static List<String> summarize(Collection<String> texts, String origin) {
        List<Cidr> cidrs = new ArrayList<>();
        for (String text : texts) {
            if (text == null || text.isBlank()) {
                continue;
            }
            try {
                cidrs.add(Cidr.parse(text.trim()));
            } catch (IllegalArgumentException e) {
                // one bad value in the cluster must not hide the good ones
                LOG.warnf("ignoring CIDR '%s' from %s: %s", text, origin, e.getMessage());
            }
        }
        return Cidr.summarize(cidrs).stream().map(Cidr::toString).toList();
    }

    /** {@code "10.244.0.0/16,fd00:10:244::/56"} → both parts; kubeadm writes dual-stack subnets that way. */
    static List<String> splitCommas(String text) {
        if (text == null) {
            return List.of();
        }
        return java.util.Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
