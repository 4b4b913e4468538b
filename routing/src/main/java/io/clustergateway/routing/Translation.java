package io.clustergateway.routing;

import java.net.InetAddress;
import java.util.Objects;

/** What a NAT rule does to the source address. */
public sealed interface Translation permits Translation.Masquerade, Translation.Snat {

    /** Rewrite the source to the address of the outgoing interface. */
    record Masquerade() implements Translation {
        @Override
        public String toString() {
            return "masquerade";
        }
    }

    /** Rewrite the source to a fixed address. */
    record Snat(InetAddress to) implements Translation {
        public Snat {
            Objects.requireNonNull(to, "to");
        }

        @Override
        public String toString() {
            return "snat to " + to.getHostAddress();
        }
    }

    Translation MASQUERADE = new Masquerade();
}
