package dev.weft.instrumentation.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * The live thread records by thread id: a concurrent map whose keys are primitive {@code long}s, so
 * that looking up or removing a record allocates nothing.
 *
 * <p><b>Why not a {@code ConcurrentHashMap<Long, …>}.</b> A thread's exit hook runs on the dying
 * thread, and removing its record from a map keyed by boxed ids allocates a {@code Long} there. A thread
 * that ends without having allocated anything in Java (an empty {@code Runnable}) then takes a whole
 * TLAB for those 16 bytes, and the rest of it is wasted: measured on JDK 17 with a 64 MB young
 * generation, a start+join loop ran 396 young collections in the time it ran none without the agent,
 * and the collector's threads burned 6–7 µs per thread start. With this table, neither start nor exit
 * allocates on the started thread.
 *
 * <p><b>Structure.</b> {@value #SEGMENTS} segments chosen by the id's mixed hash, each an open-addressing
 * table (linear probing, at most half full, backward-shift deletion) guarded by its own monitor. Thread
 * start and exit take one segment's lock, briefly and almost never contended (the JDK takes global locks
 * on the same paths); readers on agent threads take them too.
 */
final class ThreadTable {

    static final int SEGMENTS = 64;

    private static final class Segment {
        long[] keys = new long[8];
        ThreadRecord[] values = new ThreadRecord[8]; // null = empty slot
        volatile int size;
    }

    private final Segment[] segments = new Segment[SEGMENTS];

    ThreadTable() {
        for (int i = 0; i < SEGMENTS; i++) {
            segments[i] = new Segment();
        }
    }

    private static int mix(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private Segment segment(int hash) {
        return segments[hash & (SEGMENTS - 1)];
    }

    private static int slot(Segment s, int hash, long id) {
        int mask = s.keys.length - 1;
        int i = (hash >>> 6) & mask;
        while (s.values[i] != null && s.keys[i] != id) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /** Stores {@code r} under {@code id}. @return the record it replaced, or null */
    ThreadRecord put(long id, ThreadRecord r) {
        return put(id, r, false);
    }

    /** Stores {@code r} unless {@code id} has a record. @return the existing record, or null if stored */
    ThreadRecord putIfAbsent(long id, ThreadRecord r) {
        return put(id, r, true);
    }

    private ThreadRecord put(long id, ThreadRecord r, boolean onlyIfAbsent) {
        int h = mix(id);
        Segment s = segment(h);
        synchronized (s) {
            int i = slot(s, h, id);
            ThreadRecord old = s.values[i];
            if (old != null) {
                if (!onlyIfAbsent) {
                    s.values[i] = r;
                }
                return old;
            }
            if ((s.size + 1) * 2 > s.keys.length) {
                grow(s);
                i = slot(s, h, id);
            }
            s.keys[i] = id;
            s.values[i] = r;
            s.size = s.size + 1;
            return null;
        }
    }

    private static void grow(Segment s) {
        long[] keys = s.keys;
        ThreadRecord[] values = s.values;
        s.keys = new long[keys.length * 2];
        s.values = new ThreadRecord[keys.length * 2];
        for (int j = 0; j < keys.length; j++) {
            if (values[j] != null) {
                int i = slot(s, mix(keys[j]), keys[j]);
                s.keys[i] = keys[j];
                s.values[i] = values[j];
            }
        }
    }

    /** The record of {@code id}, or null. */
    ThreadRecord get(long id) {
        int h = mix(id);
        Segment s = segment(h);
        synchronized (s) {
            return s.values[slot(s, h, id)];
        }
    }

    /** Removes the record of {@code id}. @return it, or null */
    ThreadRecord remove(long id) {
        return remove(id, null);
    }

    /**
     * Removes the record of {@code id} if it is {@code expected} (any record when {@code expected} is
     * null). @return the record removed, or null
     */
    ThreadRecord remove(long id, ThreadRecord expected) {
        int h = mix(id);
        Segment s = segment(h);
        synchronized (s) {
            int i = slot(s, h, id);
            ThreadRecord old = s.values[i];
            if (old == null || (expected != null && old != expected)) {
                return null;
            }
            deleteAt(s, i);
            s.size = s.size - 1;
            return old;
        }
    }

    /** Backward-shift deletion: keeps every probe chain free of holes. */
    private static void deleteAt(Segment s, int i) {
        int mask = s.keys.length - 1;
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (s.values[j] == null) {
                break;
            }
            int home = (mix(s.keys[j]) >>> 6) & mask;
            // Move the entry at j into the hole unless its home lies cyclically in (hole, j].
            boolean homeBetween = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!homeBetween) {
                s.keys[hole] = s.keys[j];
                s.values[hole] = s.values[j];
                hole = j;
            }
        }
        s.values[hole] = null;
        s.keys[hole] = 0;
    }

    /** Records held (a moment's sum over the segments). */
    int size() {
        int n = 0;
        for (Segment s : segments) {
            n += s.size;
        }
        return n;
    }

    /** A snapshot of every record. */
    List<ThreadRecord> values() {
        List<ThreadRecord> out = new ArrayList<>(size() + 16);
        for (Segment s : segments) {
            synchronized (s) {
                for (ThreadRecord r : s.values) {
                    if (r != null) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }
}
