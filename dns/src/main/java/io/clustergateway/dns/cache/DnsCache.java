package io.clustergateway.dns.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.clustergateway.dns.CacheSettings;
import io.clustergateway.dns.DnsListener;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The answer cache: positive answers for their TTL (capped by max-ttl), negative ones per RFC 2308, TTLs counted
 * down when served, bounded in size, expired answers served while the upstream fails (RFC 8767), and identical
 * concurrent misses sent upstream once. Time comes from the injected {@link Ticker}.
 */
public final class DnsCache {
    private static final Logger LOG = LoggerFactory.getLogger(DnsCache.class);

    private final CacheSettings settings;
    private final Ticker ticker;
    private final DnsListener listener;
    private final Cache<CacheKey, CachedAnswer> entries;
    private final ConcurrentHashMap<CacheKey, CompletableFuture<Fetched>> inFlight = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder stale = new LongAdder();

    /** What one fetch brought: the upstream answer, and the entry stored from it when it was cacheable. */
    private record Fetched(Message answer, CachedAnswer stored) {}

    public DnsCache(CacheSettings settings, Ticker ticker) {
        this(settings, ticker, DnsListener.NOOP);
    }

    /**
     * @param listener told of every fresh hit {@code (true, false)}, miss {@code (false, false)} and stale answer
     *                 {@code (true, true)}
     */
    public DnsCache(CacheSettings settings, Ticker ticker, DnsListener listener) {
        this.settings = settings;
        this.ticker = ticker;
        this.listener = listener;
        this.entries = Caffeine.newBuilder()
                .maximumWeight(CacheWeigher.maximumWeight(settings))
                .weigher(new CacheWeigher(settings))
                .ticker(ticker)
                .executor(Runnable::run) // eviction work stays on the caller: no surprises from a common pool
                .expireAfter(new KeepUntilStale())
                .build();
    }

    /** A fresh hit: a copy of the answer with TTLs counted down, ID and question taken from {@code query}. */
    public Optional<Message> lookup(CacheKey key, Message query) {
        long now = ticker.read();
        CachedAnswer entry = freshHit(key, now);
        return entry == null ? Optional.empty() : Optional.of(entry.fresh(query, now));
    }

    /**
     * The same fresh hit as {@link #lookup}, already encoded: the stored wire bytes with the client's ID, RD flag
     * and question patched in and TTLs counted down, without any OPT record (a caller adding its own appends it and
     * increments ARCOUNT). Skips building a {@link Message} on the hot path; a caller that must truncate can fall
     * back to {@link #lookup}.
     */
    public Optional<byte[]> lookupWire(CacheKey key, Message query) {
        long now = ticker.read();
        CachedAnswer entry = freshHit(key, now);
        return entry == null ? Optional.empty() : Optional.of(entry.freshWire(query, now));
    }

    /** The entry when it is fresh at {@code now}, counted as a hit; null (and nothing counted) otherwise. */
    private CachedAnswer freshHit(CacheKey key, long now) {
        CachedAnswer entry = entries.getIfPresent(key);
        if (entry == null || !entry.isFresh(now)) {
            return null;
        }
        hits.increment();
        listener.onCache(true, false);
        return entry;
    }

    /**
     * {@link #lookupWire(CacheKey, Message)} for a query that was never parsed into a message: only its ID, RD flag
     * and question name (in the client's letter case) are needed. Null on a miss, and when the answer is longer
     * than {@code maxLength} (the caller then takes the path that truncates); a null is not counted as a miss, since
     * the caller asks again through {@link #resolve}.
     */
    public byte[] lookupWire(CacheKey key, int id, boolean recursionDesired, Name asked, int maxLength) {
        return lookupWire(key, id, recursionDesired, asked.toWire(), maxLength, () -> true);
    }

    /**
     * As {@link #lookupWire(CacheKey, int, boolean, Name, int)} with the question name as the client sent it
     * (uncompressed wire bytes in the client's letter case: what a packet already holds), and the caller's last
     * word: {@code admit} is asked once a servable hit is found (a rate limit, say) and when it says no, the
     * result is null and nothing counted.
     */
    public byte[] lookupWire(CacheKey key, int id, boolean recursionDesired, byte[] askedWire, int maxLength,
                             BooleanSupplier admit) {
        CachedAnswer entry = entries.getIfPresent(key);
        if (entry == null || entry.length() > maxLength || entry.unfinishedChain()) {
            return null; // an unfinished CNAME chain is completed by the router, not served as it is
        }
        long now = ticker.read();
        if (!entry.isFresh(now) || !admit.getAsBoolean()) {
            return null;
        }
        hits.increment();
        listener.onCache(true, false);
        return entry.freshWire(id, recursionDesired, askedWire, now);
    }

    /**
     * The answer for {@code query}: from the cache when fresh; else from {@code fetch}, called once for identical
     * concurrent misses, its answer stored when cacheable. When the fetch fails, or answers SERVFAIL or REFUSED,
     * and an expired entry is still within serve-stale, that entry answers with TTL 30; else the failure (the
     * exception, or the error answer) goes to the caller. Answers never carry the upstream's OPT record.
     */
    public CompletableFuture<Message> resolve(CacheKey key, Message query,
                                              Supplier<CompletableFuture<Message>> fetch) {
        Optional<Message> hit = lookup(key, query);
        if (hit.isPresent()) {
            return CompletableFuture.completedFuture(hit.get());
        }
        misses.increment();
        listener.onCache(false, false);
        CompletableFuture<Fetched> mine = new CompletableFuture<>();
        CompletableFuture<Fetched> shared = inFlight.putIfAbsent(key, mine);
        if (shared == null) {
            shared = mine;
            fetchOnce(key, query, fetch, mine);
        }
        CompletableFuture<Message> result = new CompletableFuture<>();
        shared.whenComplete((fetched, error) -> deliver(result, key, query, fetched, error));
        return result;
    }

    /** Drops every entry {@code which} accepts, fresh or stale; returns how many. */
    public int purge(Predicate<CacheKey> which) {
        int purged = 0;
        for (CacheKey key : new ArrayList<>(entries.asMap().keySet())) {
            if (which.test(key) && entries.asMap().remove(key) != null) {
                purged++;
            }
        }
        return purged;
    }

    /** Entries held, stale ones included. */
    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    public CacheStats stats() {
        return new CacheStats(hits.sum(), misses.sum(), stale.sum());
    }

    private void fetchOnce(CacheKey key, Message query, Supplier<CompletableFuture<Message>> fetch,
                           CompletableFuture<Fetched> mine) {
        CompletableFuture<Message> fetching;
        try {
            fetching = fetch.get();
            if (fetching == null) {
                fetching = CompletableFuture.failedFuture(new NullPointerException("fetch returned no future"));
            }
        } catch (RuntimeException e) {
            fetching = CompletableFuture.failedFuture(e);
        }
        fetching.whenComplete((answer, error) -> {
            CachedAnswer stored = null;
            try {
                if (error == null && answer != null) {
                    stored = store(key, query, answer);
                }
            } catch (RuntimeException e) {
                LOG.warn("could not cache the answer for {}", key, e);
            } finally {
                // Stored first, then out of flight: a miss arriving in between finds the entry, not a gap.
                inFlight.remove(key, mine);
            }
            if (error != null) {
                mine.completeExceptionally(unwrap(error));
            } else if (answer == null) {
                mine.completeExceptionally(new NullPointerException("fetch completed without an answer"));
            } else {
                mine.complete(new Fetched(answer, stored));
            }
        });
    }

    private CachedAnswer store(CacheKey key, Message query, Message answer) {
        CacheLifetime lifetime = CacheLifetime.of(answer, settings);
        if (!lifetime.cacheable()) {
            return null; // an expired entry for the key stays: it may still serve stale
        }
        CachedAnswer entry = CachedAnswer.of(answer, query.getQuestion(), lifetime.ttlSeconds(), ticker.read(),
                settings.serveStale().toNanos());
        entries.put(key, entry);
        LOG.debug("cached {} for {}s ({})", key, lifetime.ttlSeconds(), lifetime.kind());
        return entry;
    }

    private void deliver(CompletableFuture<Message> result, CacheKey key, Message query, Fetched fetched,
                         Throwable error) {
        try {
            if (error == null && !isServerFailure(fetched.answer())) {
                result.complete(fetched.stored() != null
                        ? fetched.stored().fresh(query, ticker.read()) : shaped(fetched.answer(), query));
                return;
            }
            Optional<Message> staleAnswer = serveStale(key, query);
            if (staleAnswer.isPresent()) {
                result.complete(staleAnswer.get());
            } else if (error != null) {
                result.completeExceptionally(unwrap(error));
            } else {
                result.complete(shaped(fetched.answer(), query));
            }
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    private Optional<Message> serveStale(CacheKey key, Message query) {
        CachedAnswer entry = entries.getIfPresent(key);
        long now = ticker.read();
        if (entry == null || !entry.isServableStale(now)) {
            return Optional.empty();
        }
        if (entry.isFresh(now)) {
            return Optional.of(entry.fresh(query, now)); // another fetch refreshed it meanwhile
        }
        stale.increment();
        listener.onCache(true, true);
        LOG.debug("serving stale {}: its upstream failed", key);
        return Optional.of(entry.stale(query));
    }

    private static boolean isServerFailure(Message answer) {
        return answer.getRcode() == Rcode.SERVFAIL || answer.getRcode() == Rcode.REFUSED;
    }

    /** An uncached answer shaped like a cached one: the client's ID and question, no upstream OPT. */
    private static Message shaped(Message answer, Message query) {
        Message copy = answer.clone();
        copy.getHeader().setID(query.getHeader().getID());
        copy.removeAllRecords(Section.QUESTION);
        copy.addRecord(query.getQuestion(), Section.QUESTION);
        for (Record record : new ArrayList<>(copy.getSection(Section.ADDITIONAL))) {
            if (record.getType() == Type.OPT) {
                copy.removeRecord(record, Section.ADDITIONAL);
            }
        }
        return copy;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Entries live until their serve-stale window ends; freshness is judged on each read. */
    private static final class KeepUntilStale implements Expiry<CacheKey, CachedAnswer> {
        @Override
        public long expireAfterCreate(CacheKey key, CachedAnswer value, long currentTime) {
            return Math.max(0, value.staleUntil() - currentTime);
        }

        @Override
        public long expireAfterUpdate(CacheKey key, CachedAnswer value, long currentTime, long currentDuration) {
            return Math.max(0, value.staleUntil() - currentTime);
        }

        @Override
        public long expireAfterRead(CacheKey key, CachedAnswer value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
