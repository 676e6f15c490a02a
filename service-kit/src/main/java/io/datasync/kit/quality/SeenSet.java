package io.datasync.kit.quality;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys a session has seen, for {@code unique: run} and {@code dedupe} keeping the first: thread-safe, and compact
 * for the common case of integer keys (ids), which are kept unboxed in open-addressing tables split into locked shards
 * rather than as nodes of a {@link ConcurrentHashMap}. A run of millions of ids then costs 8-16 bytes per id and no
 * garbage; other keys (text, decimals, composite keys) go to a concurrent set.
 */
final class SeenSet {

    private static final int SHARD_BITS = 6;

    /**
     * The most keys a run keeps: 10 million ids are ~160 MB; more would take a service's heap, so the run stops with
     * {@link QualityLimitException} instead, naming the check.
     */
    static final long MAX_KEYS = 10_000_000;

    private final java.util.concurrent.atomic.AtomicLong size = new java.util.concurrent.atomic.AtomicLong();
    private final long maxKeys;
    private final String what;

    /** @param what the rule keeping the keys, for the message when there are too many, e.g. {@code /checks/2} */
    SeenSet(String what) {
        this(what, MAX_KEYS);
    }

    SeenSet(String what, long maxKeys) {
        this.what = what;
        this.maxKeys = maxKeys;
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new LongTable();
        }
    }

    private final LongTable[] shards = new LongTable[1 << SHARD_BITS];
    private final Set<Object> others = ConcurrentHashMap.newKeySet();

    SeenSet() {
        this("a rule");
    }

    /**
     * Adds a key ({@link Values#key} form); false when it was there already.
     *
     * @throws QualityLimitException when the run already holds {@link #MAX_KEYS} keys
     */
    boolean add(Object key) {
        boolean added;
        if (key instanceof Long value) {
            long hash = mix(value);
            LongTable shard = shards[(int) (hash >>> (64 - SHARD_BITS))];
            synchronized (shard) {
                added = shard.add(value, hash);
            }
        } else {
            added = others.add(key);
        }
        if (added && size.incrementAndGet() > maxKeys) {
            remove(key);
            throw new QualityLimitException(what + " has kept " + maxKeys + " distinct keys in this run, the most a run"
                    + " keeps in memory: check uniqueness of a table this large after the load (mode: post-load), or"
                    + " split the job");
        }
        return added;
    }

    /** Takes a key out again (a chunk that failed gives back what it added). */
    void remove(Object key) {
        if (key instanceof Long value) {
            long hash = mix(value);
            LongTable shard = shards[(int) (hash >>> (64 - SHARD_BITS))];
            synchronized (shard) {
                if (shard.remove(value, hash)) {
                    size.decrementAndGet();
                }
            }
        } else if (others.remove(key)) {
            size.decrementAndGet();
        }
    }

    private static long mix(long value) {
        long h = value * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    /**
     * A set of longs with linear probing and deletion by backward shift (no tombstones). {@link #FREE} marks an empty
     * slot; the value equal to it is remembered apart.
     */
    private static final class LongTable {

        private static final long FREE = Long.MIN_VALUE;

        private long[] slots = newSlots(64);
        private int size;
        private boolean hasFree;

        private static long[] newSlots(int capacity) {
            long[] slots = new long[capacity];
            Arrays.fill(slots, FREE);
            return slots;
        }

        boolean add(long value, long hash) {
            if (value == FREE) {
                boolean added = !hasFree;
                hasFree = true;
                return added;
            }
            int mask = slots.length - 1;
            for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
                long slot = slots[i];
                if (slot == value) {
                    return false;
                }
                if (slot == FREE) {
                    slots[i] = value;
                    if (++size > slots.length / 2) {
                        grow();
                    }
                    return true;
                }
            }
        }

        /** @return whether the value was there */
        boolean remove(long value, long hash) {
            if (value == FREE) {
                boolean had = hasFree;
                hasFree = false;
                return had;
            }
            int mask = slots.length - 1;
            int gap = (int) hash & mask;
            while (slots[gap] != value) {
                if (slots[gap] == FREE) {
                    return false;
                }
                gap = (gap + 1) & mask;
            }
            // Shift back each later value of the run that may live in the gap, so lookups never stop early.
            for (int j = (gap + 1) & mask; slots[j] != FREE; j = (j + 1) & mask) {
                int home = (int) mix(slots[j]) & mask;
                if (((j - home) & mask) >= ((j - gap) & mask)) {
                    slots[gap] = slots[j];
                    gap = j;
                }
            }
            slots[gap] = FREE;
            size--;
            return true;
        }

        private void grow() {
            long[] old = slots;
            slots = newSlots(old.length * 2);
            int mask = slots.length - 1;
            for (long value : old) {
                if (value != FREE) {
                    int i = (int) mix(value) & mask;
                    while (slots[i] != FREE) {
                        i = (i + 1) & mask;
                    }
                    slots[i] = value;
                }
            }
        }
    }
}
