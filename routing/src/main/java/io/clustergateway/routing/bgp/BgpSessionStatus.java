package io.clustergateway.routing.bgp;

import java.util.Optional;

/**
 * One BGP session as {@code birdc show protocols all} reports it.
 *
 * @param protocol   BIRD's protocol name ({@code neighbor_192_168_1_1})
 * @param neighbor   the neighbor address as BIRD prints it
 * @param state      BIRD's protocol state: {@code up}, {@code start}, {@code down}
 * @param bgpState   {@code Established}, {@code Active}, {@code Connect}, {@code OpenSent}, {@code Idle}, ...
 * @param since      when the state last changed, BIRD's clock text
 * @param exported   routes currently exported to the neighbor
 * @param lastError  BIRD's "Last error" line, when it has one
 */
public record BgpSessionStatus(String protocol, Optional<String> neighbor, String state, String bgpState, String since,
                               int exported, Optional<String> lastError) {
    public boolean established() {
        return "Established".equals(bgpState);
    }
}
