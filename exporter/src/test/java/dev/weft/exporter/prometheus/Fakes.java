package dev.weft.exporter.prometheus;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;

/** Fixed-value MXBeans and exposition helpers for the collector tests. */
final class Fakes {

    private Fakes() {
    }

    /** Writes what {@code collectors} expose, in the Prometheus text format 0.0.4. */
    static String text(MultiCollector... collectors) {
        return write(false, collectors);
    }

    /** Writes what {@code collectors} expose, in OpenMetrics 1.0 text. */
    static String openMetrics(MultiCollector... collectors) {
        return write(true, collectors);
    }

    private static String write(boolean openMetrics, MultiCollector... collectors) {
        PrometheusRegistry registry = new PrometheusRegistry();
        for (MultiCollector c : collectors) {
            registry.register(c);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (openMetrics) {
                OpenMetricsTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
            } else {
                PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** An error counter standing in for {@code WeftBridge.countError()}. */
    static final class Errors implements Runnable {
        final AtomicLong count = new AtomicLong();

        @Override
        public void run() {
            count.incrementAndGet();
        }

        long get() {
            return count.get();
        }
    }

    /**
     * A real {@link ThreadInfo} for a made-up thread. {@code ThreadInfo} has no public
     * constructor; {@link ThreadInfo#from(CompositeData)} takes the open-type form the platform
     * MBean server returns, so this copies one such record and changes id, name and state.
     */
    static ThreadInfo threadInfo(long id, Thread.State state) {
        CompositeData template = ThreadInfoTemplate.TEMPLATE;
        CompositeType type = template.getCompositeType();
        Map<String, Object> values = new HashMap<>();
        for (String key : type.keySet()) {
            values.put(key, template.get(key));
        }
        values.put("threadId", id);
        values.put("threadName", "fake-" + id);
        values.put("threadState", state.name());
        try {
            return ThreadInfo.from(new CompositeDataSupport(type, values));
        } catch (javax.management.openmbean.OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class ThreadInfoTemplate {
        static final CompositeData TEMPLATE = load();

        private static CompositeData load() {
            try {
                MBeanServer server = ManagementFactory.getPlatformMBeanServer();
                ObjectName name = new ObjectName(ManagementFactory.THREAD_MXBEAN_NAME);
                return (CompositeData) server.invoke(name, "getThreadInfo",
                        new Object[] {Thread.currentThread().getId(), 0},
                        new String[] {long.class.getName(), int.class.getName()});
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * A {@link ThreadMXBean} with fixed values. Methods listed in {@link #failing} throw; any
     * method the collector has no business calling (deadlock detection, stack depth > 0, ...)
     * is recorded in {@link #unexpected} (an assertion thrown there would be swallowed by the
     * collector's guard).
     */
    static final class FakeThreads implements InvocationHandler {
        int current;
        int daemon;
        int peak;
        long started;
        long[] ids = new long[0];
        ThreadInfo[] infos = new ThreadInfo[0];
        final Set<String> failing = new HashSet<>();
        final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        final List<long[]> threadInfoQueries = Collections.synchronizedList(new ArrayList<>());

        ThreadMXBean bean() {
            return (ThreadMXBean) Proxy.newProxyInstance(ThreadMXBean.class.getClassLoader(),
                    new Class<?>[] {ThreadMXBean.class}, this);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            String name = method.getName();
            if (failing.contains(name)) {
                throw new UnsupportedOperationException("fake failure in " + name);
            }
            switch (name) {
                case "getThreadCount":
                    return current;
                case "getDaemonThreadCount":
                    return daemon;
                case "getPeakThreadCount":
                    return peak;
                case "getTotalStartedThreadCount":
                    return started;
                case "getAllThreadIds":
                    return ids.clone();
                case "getThreadInfo":
                    if (args.length == 2 && args[0] instanceof long[] && Integer.valueOf(0).equals(args[1])) {
                        long[] query = (long[]) args[0];
                        threadInfoQueries.add(query.clone());
                        return infos.clone();
                    }
                    break;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "toString":
                    return "FakeThreads";
                default:
                    break;
            }
            unexpected.add(name + (args == null ? "()" : "/" + args.length));
            throw new UnsupportedOperationException(name);
        }
    }

    /** A {@link GarbageCollectorMXBean} with fixed values; {@code failing} makes every read throw. */
    static GarbageCollectorMXBean gc(String name, long count, long millis, boolean failing) {
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "toString":
                    return "FakeGc[" + name + "]";
                default:
                    break;
            }
            if (failing) {
                throw new IllegalStateException("fake failure");
            }
            switch (method.getName()) {
                case "getName":
                    return name;
                case "getCollectionCount":
                    return count;
                case "getCollectionTime":
                    return millis;
                default:
                    throw new UnsupportedOperationException(method.getName());
            }
        };
        return (GarbageCollectorMXBean) Proxy.newProxyInstance(GarbageCollectorMXBean.class.getClassLoader(),
                new Class<?>[] {GarbageCollectorMXBean.class}, handler);
    }
}
