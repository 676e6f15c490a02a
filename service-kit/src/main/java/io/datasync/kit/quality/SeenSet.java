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

    private final LongTable[] shards = new LongTable[1 << SHARD_BITS];
    private final Set<Object> others = ConcurrentHashMap.newKeySet();

    SeenSet() {
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new LongTable();
        }
    }

    /** Adds a key ({@link Values#key} form); false when it was there already. */
    boolean add(Object key) {
        if (key instanceof Long value) {
            long hash = mix(value);
            LongTable shard = shards[(int) (hash >>> (64 - SHARD_BITS))];
            synchronized (shard) {
                return shard.add(value, hash);
            }
        }
        return others.add(key);
    }

    /** Takes a key out again (a chunk that failed gives back what it added). */
    void remove(Object key) {
        if (key instanceof Long value) {
            long hash = mix(value);
            LongTable shard = shards[(int) (hash >>> (64 - SHARD_BITS))];
            synchronized (shard) {
                shard.remove(value, hash);
            }
        } else {
            others.remove(key);
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

        void remove(long value, long hash) {
            if (value == FREE) {
                hasFree = false;
                return;
            }
            int mask = slots.length - 1;
            int gap = (int) hash & mask;
            while (slots[gap] != value) {
                if (slots[gap] == FREE) {
                    return;
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
