package dev.weft.testapps.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** Heap and metaspace figures of the JVM it runs in, for the memory benchmarks. */
final class HeapProbe {

    private HeapProbe() {
    }

    /**
     * Heap used after full collections: {@code System.gc()} three times (a full, stop-the-world
     * collection with the default collectors unless {@code -XX:+ExplicitGCInvokesConcurrent}), the
     * smallest reading kept so a concurrent allocation between the collection and the reading
     * counts as little as possible.
     */
    static long usedAfterGc() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            min = Math.min(min, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return min;
    }

    /** Bytes used by the non-heap pool named {@code Metaspace}, or -1. */
    static long metaspaceUsed() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.NON_HEAP && pool.getName().equals("Metaspace")) {
                return pool.getUsage().getUsed();
            }
        }
        return -1;
    }
}
