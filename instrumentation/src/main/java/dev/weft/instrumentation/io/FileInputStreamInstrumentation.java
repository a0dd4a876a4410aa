package dev.weft.instrumentation.io;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.weft.bridge.WeftIoBridge;
import dev.weft.instrumentation.HookPoint;
import dev.weft.instrumentation.TypeInstrumentation;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * {@code FileInputStream.read()}, {@code read(byte[])} and {@code read(byte[],int,int)}, as {@code file_read}.
 *
 * <p><b>Exactly once per call.</b> Each calls a native ({@code read0}/{@code readBytes}; on 25 through the
 * JFR tracing twins {@code traceRead0}/{@code traceReadBytes}), never another advised method, so no depth
 * guard is needed. {@code readAllBytes}/{@code readNBytes} are not advised: they call {@code read(byte[],int,int)}
 * (counted, one operation per chunk). {@code transferTo} on 25 may use {@code FileChannel.transferTo},
 * which is not advised (a kernel copy, not a read into the JVM).
 */
public final class FileInputStreamInstrumentation implements TypeInstrumentation {

    @Override
    public String typeName() {
        return "java.io.FileInputStream";
    }

    @Override
    public List<HookPoint> hookPoints() {
        return List.of(
                new HookPoint("FileInputStream.read()",
                        named("read").and(takesArguments(0)),
                        ReadByteAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_FIS_READ_BYTE)),
                new HookPoint("FileInputStream.read(byte[])",
                        named("read").and(takesArguments(1)).and(takesArgument(0, byte[].class)),
                        ReadArrayAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_FIS_READ_ARRAY)),
                new HookPoint("FileInputStream.read(byte[],int,int)",
                        named("read").and(takesArguments(3)).and(takesArgument(0, byte[].class)),
                        ReadAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_FIS_READ)));
    }

    /** Reads a two-byte temporary file three ways, then deletes it. */
    @Override
    public void exercise(int jdkFeature) throws Exception {
        Path tmp = Files.createTempFile("weft-selftest", ".tmp");
        try {
            Files.write(tmp, new byte[] {1, 2, 3});
            try (FileInputStream in = new FileInputStream(tmp.toFile())) {
                in.read();
                in.read(new byte[1]);
                in.read(new byte[1], 0, 1);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** FileInputStream.read(). */
    public static final class ReadByteAdvice {
        private ReadByteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return WeftIoBridge.enter(WeftIoBridge.HOOK_FIS_READ_BYTE, WeftIoBridge.FILE_READ, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Return int result, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitByte(WeftIoBridge.FILE_READ, start, result, thrown);
        }
    }

    /** FileInputStream.read(byte[]). */
    public static final class ReadArrayAdvice {
        private ReadArrayAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return WeftIoBridge.enter(WeftIoBridge.HOOK_FIS_READ_ARRAY, WeftIoBridge.FILE_READ, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Return int result, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitCount(WeftIoBridge.FILE_READ, start, result, thrown);
        }
    }

    /** FileInputStream.read(byte[],int,int). */
    public static final class ReadAdvice {
        private ReadAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return WeftIoBridge.enter(WeftIoBridge.HOOK_FIS_READ, WeftIoBridge.FILE_READ, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Return int result, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitCount(WeftIoBridge.FILE_READ, start, result, thrown);
        }
    }

}
