package dev.weft.instrumentation.ledger;

import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The live virtual threads (JDK 21+), from the JDK's own thread containers, without a safepoint and
 * without any per-start cost of Weft's: the JDK tracks every virtual thread in a container
 * ({@code jdk.internal.vm.ThreadContainers}: the root container for threads started directly, one per
 * executor or structured scope otherwise), as long as {@code jdk.trackAllThreads} is not set to
 * {@code false} (it is what {@code jcmd Thread.dump_to_file} reads). The agent exports
 * {@code jdk.internal.vm} to its own module when it defines the bridge; without that, or on JDK 17, there
 * is nothing to list ({@link #available()} is false).
 */
public final class VirtualThreads {

    private static final Method ROOT;
    private static final Method CHILDREN;
    private static final Method THREADS;
    private static final Method IS_VIRTUAL;

    static {
        Method root = null;
        Method children = null;
        Method threads = null;
        Method isVirtual = null;
        try {
            Class<?> containers = Class.forName("jdk.internal.vm.ThreadContainers");
            Class<?> container = Class.forName("jdk.internal.vm.ThreadContainer");
            root = containers.getMethod("root");
            children = container.getMethod("children");
            threads = container.getMethod("threads");
            isVirtual = Thread.class.getMethod("isVirtual");
            root.invoke(null); // fails here, once, if the package is not exported to us
        } catch (Throwable unavailable) {
            root = null;
        }
        ROOT = root;
        CHILDREN = children;
        THREADS = threads;
        IS_VIRTUAL = isVirtual;
    }

    private VirtualThreads() {
    }

    /** A bounded listing: up to {@code max} live virtual threads, and how many there were in all. */
    public record Listing(List<Thread> threads, int total) {
    }

    /** Whether virtual threads can be listed. */
    public static boolean available() {
        return ROOT != null;
    }

    /**
     * Lists live virtual threads, at most {@code max} of them, counting the rest. Containers are visited
     * once each (root first, then its descendants); a thread that ends meanwhile may or may not be listed.
     */
    public static Listing live(int max) {
        if (ROOT == null) {
            return new Listing(List.of(), 0);
        }
        List<Thread> out = new ArrayList<>();
        int total = 0;
        try {
            Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            Deque<Object> todo = new ArrayDeque<>();
            todo.add(ROOT.invoke(null));
            while (!todo.isEmpty()) {
                Object c = todo.poll();
                if (c == null || !seen.add(c)) {
                    continue;
                }
                try (Stream<?> ts = (Stream<?>) THREADS.invoke(c)) {
                    for (Iterator<?> it = ts.iterator(); it.hasNext(); ) {
                        Thread t = (Thread) it.next();
                        if ((Boolean) IS_VIRTUAL.invoke(t)) {
                            total++;
                            if (out.size() < max) {
                                out.add(t);
                            }
                        }
                    }
                }
                try (Stream<?> cs = (Stream<?>) CHILDREN.invoke(c)) {
                    cs.forEach(todo::add);
                }
            }
        } catch (Throwable t) {
            // a container changed under us: return what was listed
        }
        return new Listing(out, Math.max(total, out.size()));
    }
}
