package io.clustergateway.routing;

import java.util.Comparator;
import java.util.Objects;

/** Which network a CIDR belongs to: an office or a cluster, by name. Shown as {@code office:hq}, {@code cluster:old}. */
public sealed interface NetworkRef permits NetworkRef.OfficeRef, NetworkRef.ClusterRef {

    /** Offices before clusters, then by name. */
    Comparator<NetworkRef> ORDER = Comparator.comparingInt((NetworkRef ref) -> ref instanceof OfficeRef ? 0 : 1)
            .thenComparing(NetworkRef::name);

    String name();

    static OfficeRef office(String name) {
        return new OfficeRef(name);
    }

    static ClusterRef cluster(String name) {
        return new ClusterRef(name);
    }

    record OfficeRef(String name) implements NetworkRef {
        public OfficeRef {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return "office:" + name;
        }
    }

    record ClusterRef(String name) implements NetworkRef {
        public ClusterRef {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return "cluster:" + name;
        }
    }
}
