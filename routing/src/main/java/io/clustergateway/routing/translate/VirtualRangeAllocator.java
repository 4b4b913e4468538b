package io.clustergateway.routing.translate;

import inet.ipaddr.IPAddress;
import io.clustergateway.routing.Cidr;
import io.clustergateway.routing.ModelProblem;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Gives each real range of a translated cluster a block of the same size from the pool, so that the same
 * configuration always yields the same blocks, whatever the order of the file and across restarts:
 * <ol>
 *   <li>pinned blocks (configured) are taken as they are, or reported;</li>
 *   <li>a block the range had before (the persisted previous allocation) is kept while it is still free, so
 *       adding a cluster never moves the blocks already handed out;</li>
 *   <li>the rest are derived: the slot numbered by a hash of cluster name and real range, probing onward when
 *       it is taken, largest ranges first so that small blocks do not fragment the pool.</li>
 * </ol>
 * A block never overlaps another block or a reserved range (every real office and cluster range), so a
 * virtual address is never also a real one.
 */
public final class VirtualRangeAllocator {
    /** RFC 6598 shared address space: routable inside an organisation, never on the internet. */
    public static final Cidr DEFAULT_POOL = Cidr.parse("100.64.0.0/10");
    public static final String POOL_KEY = "gateway.translation.pool";

    /** Largest first, then by cluster and real range: an order that does not depend on the file's. */
    private static final Comparator<RangeRequest> DERIVATION_ORDER = Comparator
            .comparingInt((RangeRequest request) -> request.real().prefixLength())
            .thenComparing(RangeRequest::cluster)
            .thenComparing(RangeRequest::real);

    private final Cidr pool;
    private final List<Cidr> reserved;
    private final List<VirtualRange> given = new ArrayList<>();
    private final List<ModelProblem> problems = new ArrayList<>();

    private VirtualRangeAllocator(Cidr pool, List<Cidr> reserved) {
        this.pool = pool;
        this.reserved = List.copyOf(reserved);
    }

    /**
     * @param requests the real ranges of every translated cluster
     * @param pins     configured blocks (key {@code gateway.clusters.NAME.virtual-cidrs})
     * @param previous the allocation in force before, kept where still valid
     * @param reserved real ranges no block may overlap
     */
    public static Allocation allocate(Cidr pool, List<RangeRequest> requests, List<VirtualRange> pins,
                                      List<VirtualRange> previous, List<Cidr> reserved) {
        Objects.requireNonNull(pool, "pool");
        VirtualRangeAllocator allocator = new VirtualRangeAllocator(pool, reserved);
        if (!pool.isIpv4()) {
            allocator.problems.add(new ModelProblem(POOL_KEY, pool.toString(), "must be an IPv4 network such as "
                    + DEFAULT_POOL + "; translation covers IPv4 ranges"));
            return allocator.result();
        }
        List<RangeRequest> pending = new ArrayList<>(new LinkedHashSet<>(requests));
        pending.sort(DERIVATION_ORDER);
        pending.removeIf(allocator::rejectedAsIpv6);
        allocator.takePins(pending, pins);
        allocator.keepPrevious(pending, previous);
        for (RangeRequest request : pending) {
            allocator.derive(request);
        }
        return allocator.result();
    }

    private Allocation result() {
        return new Allocation(new VirtualRanges(given), problems);
    }

    private boolean rejectedAsIpv6(RangeRequest request) {
        if (request.real().isIpv4()) {
            return false;
        }
        problems.add(new ModelProblem(translateKey(request.cluster()), "auto", "cannot translate " + request.real()
                + ": the translation pool " + pool + " is IPv4, and so are the ranges translation covers"));
        return true;
    }

    private void takePins(List<RangeRequest> pending, List<VirtualRange> pins) {
        for (VirtualRange pin : pins) {
            String key = pinKey(pin.cluster());
            RangeRequest request = new RangeRequest(pin.cluster(), pin.real());
            Optional<String> conflict = conflict(pin.virtual());
            if (!pending.contains(request)) {
                problems.add(new ModelProblem(key, pin.virtual().toString(), "stands for " + pin.real()
                        + ", which is not a translated pod or service CIDR of cluster " + pin.cluster()));
            } else if (conflict.isPresent()) {
                problems.add(new ModelProblem(key, pin.virtual().toString(), conflict.get()));
            } else {
                give(pin);
                pending.remove(request);
            }
        }
    }

    private void keepPrevious(List<RangeRequest> pending, List<VirtualRange> previous) {
        for (VirtualRange before : previous) {
            RangeRequest request = new RangeRequest(before.cluster(), before.real());
            if (pending.contains(request) && conflict(before.virtual()).isEmpty()) {
                give(before);
                pending.remove(request);
            }
        }
    }

    private void derive(RangeRequest request) {
        int prefix = request.real().prefixLength();
        if (prefix < pool.prefixLength()) {
            problems.add(new ModelProblem(POOL_KEY, pool.toString(), "is smaller than " + request.real()
                    + " of cluster " + request.cluster() + "; a virtual block is as large as its real range"));
            return;
        }
        long slots = 1L << (prefix - pool.prefixLength());
        long first = Math.floorMod(hash(request), slots);
        for (long probe = 0; probe < slots; probe++) {
            Cidr candidate = slot((first + probe) % slots, prefix);
            if (conflict(candidate).isEmpty()) {
                give(new VirtualRange(request.cluster(), request.real(), candidate));
                return;
            }
        }
        problems.add(new ModelProblem(POOL_KEY, pool.toString(), "has no free /" + prefix + " left for "
                + request.real() + " of cluster " + request.cluster() + "; use a larger pool"));
    }

    /** Why a block cannot be given, if it cannot. */
    private Optional<String> conflict(Cidr block) {
        if (!pool.contains(block)) {
            return Optional.of("is outside " + POOL_KEY + " " + pool);
        }
        for (Cidr real : reserved) {
            if (real.overlaps(block)) {
                return Optional.of("overlaps the real range " + real + "; a virtual address must never also be a real one");
            }
        }
        for (VirtualRange range : given) {
            if (range.virtual().overlaps(block)) {
                return Optional.of("overlaps " + range.virtual() + ", the virtual block of " + range.real()
                        + " of cluster " + range.cluster());
            }
        }
        return Optional.empty();
    }

    private void give(VirtualRange range) {
        given.add(range);
    }

    /** The {@code index}-th block of length {@code prefix} in the pool. */
    private Cidr slot(long index, int prefix) {
        IPAddress start = pool.block().getLower().withoutPrefixLength().increment(index << (32 - prefix));
        return new Cidr(start.toPrefixBlock(prefix));
    }

    /** A stable number for a range: the same on every JVM, for every order of the configuration. */
    private static long hash(RangeRequest request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((request.cluster() + "\n" + request.real()).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static String pinKey(String cluster) {
        return "gateway.clusters." + cluster + ".virtual-cidrs";
    }

    private static String translateKey(String cluster) {
        return "gateway.clusters." + cluster + ".translate";
    }
}
