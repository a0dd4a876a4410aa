package dev.weft.instrumentation;

import dev.weft.instrumentation.io.FileChannelImplInstrumentation;
import dev.weft.instrumentation.io.FileInputStreamInstrumentation;
import dev.weft.instrumentation.io.FileOutputStreamInstrumentation;
import dev.weft.instrumentation.io.NioSocketImplInstrumentation;
import dev.weft.instrumentation.io.RandomAccessFileInstrumentation;
import dev.weft.instrumentation.io.ServerSocketChannelImplInstrumentation;
import dev.weft.instrumentation.io.SocketChannelImplInstrumentation;
import dev.weft.instrumentation.lock.AqlsInstrumentation;
import dev.weft.instrumentation.lock.AqsInstrumentation;
import dev.weft.instrumentation.lock.StampedLockInstrumentation;
import dev.weft.instrumentation.executor.ForkJoinPoolInstrumentation;
import dev.weft.instrumentation.executor.ScheduledThreadPoolExecutorInstrumentation;
import dev.weft.instrumentation.executor.ThreadPerTaskExecutorInstrumentation;
import dev.weft.instrumentation.executor.ThreadPoolExecutorInstrumentation;
import dev.weft.instrumentation.executor.WorkerInstrumentation;
import dev.weft.instrumentation.thread.ThreadInstrumentation;
import dev.weft.instrumentation.thread.VirtualThreadInstrumentation;
import java.util.List;

/** Every hook Weft installs, in installation order. */
public final class Instrumentations {

    private Instrumentations() {
    }

    /** All type instrumentations. */
    public static List<TypeInstrumentation> all() {
        return List.of(new ThreadInstrumentation(), new VirtualThreadInstrumentation(), new AqsInstrumentation(), new AqlsInstrumentation(),
                new StampedLockInstrumentation(), new ThreadPoolExecutorInstrumentation(),
                new WorkerInstrumentation(), new ScheduledThreadPoolExecutorInstrumentation(),
                new ForkJoinPoolInstrumentation(), new ThreadPerTaskExecutorInstrumentation(),
                // Blocking I/O last: the agent's own class loading reads its jar through RandomAccessFile.
                new NioSocketImplInstrumentation(), new SocketChannelImplInstrumentation(),
                new ServerSocketChannelImplInstrumentation(), new FileInputStreamInstrumentation(),
                new FileOutputStreamInstrumentation(), new RandomAccessFileInstrumentation(),
                new FileChannelImplInstrumentation());
    }
}
