package dev.weft.testapps.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The calling thread's CPU time per operation of {@link IoBench#socketRead} and
 * {@link LockSlowPathBench#contendedTryLock}, for judging the agent's added cost on a loaded machine:
 * wall-clock JMH figures move with every other process, a thread's own CPU time much less (it still
 * grows with cache pollution from neighbours). Run it twice, without and with the agent:
 *
 * <pre>
 * java -cp "test-apps/target/weft-test-apps.jar:test-apps/target/lib/*" [-javaagent:agent/target/weft-agent.jar=port=0,quiet=true] \
 *     dev.weft.testapps.bench.CpuPerOp socketRead|contendedTryLock [rounds] [opsPerRound]
 * </pre>
 *
 * Prints the CPU and wall nanoseconds per operation of each round after the first {@code rounds / 2}
 * (warm-up), then their minimum and median.
 */
public final class CpuPerOp {

    private CpuPerOp() {
    }

    public static void main(String[] args) throws Exception {
        String which = args[0];
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        long ops = args.length > 2 ? Long.parseLong(args[2]) : 200_000;
        AgentReady.await();
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Op op;
        Runnable close;
        if (which.equals("socketRead")) {
            IoBench b = new IoBench();
            b.setUp();
            op = b::socketRead;
            close = () -> {
                try {
                    b.tearDown();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
        } else if (which.equals("contendedTryLock")) {
            LockSlowPathBench b = new LockSlowPathBench();
            b.holdTheLock();
            op = () -> b.contendedTryLock() ? 1 : 0;
            close = () -> {
                try {
                    b.releaseTheLock();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
        } else {
            throw new IllegalArgumentException(which);
        }
        int warm = rounds / 2;
        double[] cpu = new double[rounds - warm];
        double[] wall = new double[rounds - warm];
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            long c0 = bean.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            for (long i = 0; i < ops; i++) {
                sink += op.run();
            }
            long w1 = System.nanoTime();
            long c1 = bean.getCurrentThreadCpuTime();
            if (r >= warm) {
                cpu[r - warm] = (c1 - c0) / (double) ops;
                wall[r - warm] = (w1 - w0) / (double) ops;
            }
        }
        close.run();
        System.out.println("rounds cpu ns/op: " + fmt(cpu));
        Arrays.sort(cpu);
        Arrays.sort(wall);
        System.out.printf(Locale.ROOT, "%s cpu ns/op min %.1f median %.1f; wall ns/op min %.1f median %.1f (sink %d)%n",
                which, cpu[0], cpu[cpu.length / 2], wall[0], wall[wall.length / 2], sink & 1);
    }

    private static String fmt(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double d : v) {
            b.append(String.format(Locale.ROOT, "%.0f ", d));
        }
        return b.toString().trim();
    }

    @FunctionalInterface
    private interface Op {
        int run() throws Exception;
    }
}
