package dev.weft.testapps.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Start and join an empty platform thread: the cost Weft's Thread.start()/exit() hooks add. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ThreadBench {

    private static final Runnable EMPTY = () -> { };

    @Benchmark
    public Thread startJoinPlatformThread() throws InterruptedException {
        Thread t = new Thread(EMPTY);
        t.start();
        t.join();
        return t;
    }
}
