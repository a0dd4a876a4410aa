package dev.weft.exporter.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.instrumentation.ledger.ThreadLedger;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ThreadsHandlerTest {

    @Test
    void oneRequestLooksAtMostMaxThreadsAtBoundedDepthAndSaysHowManyItLeftOut() {
        ThreadMXBean real = ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        List<Object[]> queries = new ArrayList<>();
        ThreadMXBean bean = (ThreadMXBean) Proxy.newProxyInstance(ThreadMXBean.class.getClassLoader(),
                new Class<?>[] {ThreadMXBean.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getAllThreadIds": {
                            long[] ids = new long[ThreadsHandler.MAX_THREADS + 2500];
                            ids[0] = me;
                            for (int i = 1; i < ids.length; i++) {
                                ids[i] = i == 1 ? -1 : Long.MAX_VALUE - i; // one invalid id, the rest ended
                            }
                            return ids;
                        }
                        case "getThreadInfo": {
                            queries.add(args);
                            long[] ids = (long[]) args[0];
                            ThreadInfo[] out = new ThreadInfo[ids.length];
                            out[0] = real.getThreadInfo(me, (Integer) args[1]); // the others ended meanwhile
                            return out;
                        }
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
        AtomicInteger errors = new AtomicInteger();
        ThreadGroups g = new ThreadsHandler(bean, new ThreadLedger(), errors::incrementAndGet).capture();
        assertEquals(1, queries.size());
        assertEquals(ThreadsHandler.MAX_THREADS, ((long[]) queries.get(0)[0]).length);
        assertEquals(ThreadsHandler.MAX_DEPTH, queries.get(0)[1]);
        String text = g.text();
        assertTrue(text.startsWith("threads: 1 in 1 groups"), text);
        assertTrue(text.contains("not shown: 2499 threads beyond the per-request bound"), text);
        assertEquals(0, errors.get());
    }
}
