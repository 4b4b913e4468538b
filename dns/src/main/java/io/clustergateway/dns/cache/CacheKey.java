package io.clustergateway.dns.cache;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;

/**
 * What makes two queries share one cached answer: the route that answers them (the same name means different
 * things under different clusters), the question, and the DO/CD bits (they change what an upstream returns).
 *
 * <p>The name is held in canonical wire form (lower case, uncompressed) with the hash computed once: every cache
 * hit compares keys, and comparing two byte arrays is much cheaper than comparing two {@link Name}s label by label
 * through a case-folding table. The cache shortcut builds keys straight from a packet's bytes.
 */
public final class CacheKey {
    private final String route;
    private final byte[] canonicalName;
    private final int type;
    private final int dclass;
    private final boolean dnssecOk;
    private final boolean checkingDisabled;
    private final int hash;

    private CacheKey(String route, byte[] canonicalName, int type, int dclass, boolean dnssecOk,
                     boolean checkingDisabled) {
        this.route = Objects.requireNonNull(route, "route");
        this.canonicalName = Objects.requireNonNull(canonicalName, "canonicalName");
        this.type = type;
        this.dclass = dclass;
        this.dnssecOk = dnssecOk;
        this.checkingDisabled = checkingDisabled;
        int h = route.hashCode();
        h = 31 * h + Arrays.hashCode(canonicalName);
        h = 31 * h + type;
        h = 31 * h + dclass;
        this.hash = 4 * h + (dnssecOk ? 2 : 0) + (checkingDisabled ? 1 : 0);
    }

    /**
     * @param route the chain's route label, e.g. "alias:old", "shared:cluster.local", "upstream"
     * @param name  the question name in any letter case
     */
    public CacheKey(String route, Name name, int type, int dclass, boolean dnssecOk, boolean checkingDisabled) {
        this(route, name.toWireCanonical(), type, dclass, dnssecOk, checkingDisabled);
    }

    /**
     * A key from a name already in canonical wire form (lower case, uncompressed, root label included). The array
     * is kept, not copied: the caller must not change it afterwards.
     */
    public static CacheKey ofCanonicalWire(String route, byte[] canonicalName, int type, int dclass, boolean dnssecOk,
                                           boolean checkingDisabled) {
        return new CacheKey(route, canonicalName, type, dclass, dnssecOk, checkingDisabled);
    }

    public static CacheKey of(String route, Message query) {
        Record question = query.getQuestion();
        if (question == null) {
            throw new IllegalArgumentException("a cache key needs a question; the query has none");
        }
        OPTRecord opt = query.getOPT();
        boolean dnssecOk = opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0;
        return new CacheKey(route, question.getName(), question.getType(), question.getDClass(), dnssecOk,
                query.getHeader().getFlag(Flags.CD));
    }

    /** Length of the canonical name's bytes, for the cache's memory estimate. */
    int nameBytes() {
        return canonicalName.length;
    }

    public String route() {
        return route;
    }

    /** The question name, lower-cased; built on each call (purges use it, lookups do not). */
    public Name lowerName() {
        try {
            return new Name(canonicalName);
        } catch (IOException e) {
            throw new IllegalStateException("a cache key holds an invalid name", e); // built from a valid one
        }
    }

    public int type() {
        return type;
    }

    public int dclass() {
        return dclass;
    }

    public boolean dnssecOk() {
        return dnssecOk;
    }

    public boolean checkingDisabled() {
        return checkingDisabled;
    }

    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof CacheKey key && key.hash == hash && key.type == type
                && key.dclass == dclass && key.dnssecOk == dnssecOk && key.checkingDisabled == checkingDisabled
                && key.route.equals(route) && Arrays.equals(key.canonicalName, canonicalName);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "CacheKey[" + route + " " + lowerName() + " type " + type + " class " + dclass
                + (dnssecOk ? " DO" : "") + (checkingDisabled ? " CD" : "") + "]";
    }
}
