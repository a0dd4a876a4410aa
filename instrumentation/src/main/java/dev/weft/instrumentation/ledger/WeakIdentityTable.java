package dev.weft.instrumentation.ledger;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * An identity-keyed set of weakly referenced records (executors, pool workers) with a lock-free,
 * allocation-free lookup. A record never keeps its key alive.
 *
 * <ol>
 *   <li>Lookups ({@link #find}) read a volatile array and probe linearly until the record or an
 *       empty slot: wait-free, no allocation, no lock. They may miss a record being added at the
 *       same moment; callers then take the locked path, which looks again.</li>
 *   <li>Additions take the lock and store into the current array (the load factor stays at most
 *       one half, so every probe ends at an empty slot); removals and growth rebuild a new array
 *       and publish it, so a reader never sees a hole in a probe chain.</li>
 *   <li>Records whose executor was garbage-collected are dropped at the next rebuild or
 *       {@link #sweep()}.</li>
 * </ol>
 */
final class WeakIdentityTable<R extends WeakIdentityTable.Entry> {

    /** A record: a weak reference to its key, with the key's identity hash. */
    abstract static class Entry extends WeakReference<Object> {
        final int hash;

        Entry(Object key) {
            super(key);
            this.hash = WeakIdentityTable.hash(key);
        }
    }

    private volatile Entry[] table = new Entry[64];
    private int size; // guarded by this

    static int hash(Object o) {
        int h = System.identityHashCode(o) * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** The record of {@code executor}, or null. Wait-free and allocation-free. */
    @SuppressWarnings("unchecked")
    R find(Object executor) {
        Entry[] t = table;
        int mask = t.length - 1;
        int i = hash(executor) & mask;
        for (int n = 0; n < t.length; n++) {
            Entry r = t[i];
            if (r == null) {
                return null;
            }
            if (r.get() == executor) {
                return (R) r;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /**
     * Adds {@code record} unless a record for its executor is present.
     *
     * @return the record in the table (the existing one, or {@code record})
     */
    synchronized R addIfAbsent(R record) {
        Object executor = record.get();
        R existing = find(executor);
        if (existing != null || executor == null) {
            return existing;
        }
        if ((size + 1) * 2 > table.length) {
            rebuild(null);
        }
        Entry[] t = table;
        if ((size + 1) * 2 > t.length) {
            t = new Entry[t.length * 2];
            for (Entry r : table) {
                if (r != null) {
                    place(t, r);
                }
            }
        }
        place(t, record);
        size++;
        table = t; // volatile write publishes the store (and a grown array)
        return record;
    }

    /** Removes the record of {@code executor}; @return it, or null if absent. */
    synchronized R remove(Object executor) {
        R r = find(executor);
        if (r != null) {
            rebuild(r);
        }
        return r;
    }

    /**
     * Drops the records whose executor was collected.
     *
     * @return the dropped records
     */
    @SuppressWarnings("unchecked")
    synchronized List<R> sweep() {
        List<R> gone = new ArrayList<>();
        for (Entry r : table) {
            if (r != null && r.get() == null) {
                gone.add((R) r);
            }
        }
        if (!gone.isEmpty()) {
            rebuild(null);
        }
        return gone;
    }

    /** A copy of the records (some may have been collected meanwhile). */
    @SuppressWarnings("unchecked")
    synchronized List<R> records() {
        List<R> out = new ArrayList<>(size);
        for (Entry r : table) {
            if (r != null) {
                out.add((R) r);
            }
        }
        return out;
    }

    synchronized int size() {
        return size;
    }

    /** Capacity of the current array (for tests). */
    int capacity() {
        return table.length;
    }

    /** Rebuilds without {@code without} and without collected records, shrinking when sparse. */
    private void rebuild(Entry without) {
        List<Entry> keep = new ArrayList<>(size);
        for (Entry r : table) {
            if (r != null && r != without && r.get() != null) {
                keep.add(r);
            }
        }
        int cap = 64;
        while (cap < (keep.size() + 1) * 4) {
            cap *= 2;
        }
        Entry[] t = new Entry[cap];
        for (Entry r : keep) {
            place(t, r);
        }
        size = keep.size();
        table = t;
    }

    private static void place(Entry[] t, Entry r) {
        int mask = t.length - 1;
        int i = r.hash & mask;
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = r;
    }
}
