package io.clustergateway.routing;

import java.util.Comparator;

/** Which network a CIDR belongs to: an office or a cluster, by name. */
public sealed interface NetworkRef permits NetworkRef.OfficeRef, NetworkRef.ClusterRef {

    /** Offices before clusters, then by name. */
    Comparator<NetworkRef> ORDER = Comparator.comparingInt((NetworkRef ref) -> ref instanceof OfficeRef ? 0 : 1)
            .thenComparing(NetworkRef::name);

    String name();

    /** "office" or "cluster". */
    String kind();

    /** {@code office:hq}, {@code cluster:old}: in rule comments, logs and the API. */
    default String id() {
        return kind() + ":" + name();
    }

    static OfficeRef office(String name) {
        return new OfficeRef(name);
    }

    static ClusterRef cluster(String name) {
        return new ClusterRef(name);
    }

    record OfficeRef(String name) implements NetworkRef {
        @Override
        public String kind() {
            return "office";
        }
    }

    record ClusterRef(String name) implements NetworkRef {
        @Override
        public String kind() {
            return "cluster";
        }
    }
}
