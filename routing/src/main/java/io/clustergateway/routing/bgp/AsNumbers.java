package io.clustergateway.routing.bgp;

/** The range a 4-octet AS number (RFC 6793) takes; 0 is reserved (RFC 7607). */
public final class AsNumbers {
    public static final long MAX = 4_294_967_295L;

    private AsNumbers() {}

    public static boolean valid(long as) {
        return as >= 1 && as <= MAX;
    }

    static void check(long as, String what) {
        if (!valid(as)) {
            throw new IllegalArgumentException(what + " " + as + " is not an AS number (1-" + MAX + ")");
        }
    }
}
