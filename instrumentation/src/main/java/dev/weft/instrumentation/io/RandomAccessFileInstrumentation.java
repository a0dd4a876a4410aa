package dev.weft.instrumentation.io;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.weft.bridge.WeftIoBridge;
import dev.weft.instrumentation.HookPoint;
import dev.weft.instrumentation.TypeInstrumentation;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * {@code RandomAccessFile.read()}, {@code read(byte[])}, {@code read(byte[],int,int)} as {@code file_read}
 * and {@code write(int)}, {@code write(byte[])}, {@code write(byte[],int,int)} as {@code file_write}.
 *
 * <p><b>Exactly once per call.</b> They call the private {@code readBytes}/{@code writeBytes} (native on
 * 17; on 25 Java methods around {@code readBytes0}/{@code writeBytes0}) or {@code read0}/{@code write0},
 * never another advised method. {@code readFully} and the {@code DataInput} methods ({@code readInt}, …)
 * are not advised: they call the advised ones (one operation per call they make: {@code readInt} is four
 * one-byte reads). {@code ZipFile} reads jars through this class, so class loading from jars on
 * application threads is file I/O too.
 */
public final class RandomAccessFileInstrumentation implements TypeInstrumentation {

    @Override
    public String typeName() {
        return "java.io.RandomAccessFile";
    }

    @Override
    public List<HookPoint> hookPoints() {
        return List.of(
                new HookPoint("RandomAccessFile.read()",
                        named("read").and(takesArguments(0)),
                        ReadByteAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_RAF_READ_BYTE)),
                new HookPoint("RandomAccessFile.read(byte[])",
                        named("read").and(takesArguments(1)).and(takesArgument(0, byte[].class)),
                        ReadArrayAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_RAF_READ_ARRAY)),
                new HookPoint("RandomAccessFile.read(byte[],int,int)",
                        named("read").and(takesArguments(3)).and(takesArgument(0, byte[].class)),
                        ReadAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_RAF_READ)),
                new HookPoint("RandomAccessFile.write(int)",
                        named("write").and(takesArguments(1)).and(takesArgument(0, int.class)),
                        WriteByteAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_RAF_WRITE_BYTE)),
                new HookPoint("RandomAccessFile.write(byte[])",
                        named("write").and(takesArguments(1)).and(takesArgument(0, byte[].class)),
                        WriteArrayAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_RAF_WRITE_ARRAY)),
                new HookPoint("RandomAccessFile.write(byte[],int,int)",
                        named("write").and(takesArguments(3)).and(takesArgument(0, byte[].class)),
                        WriteAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_RAF_WRITE)));
    }

    /** Writes and reads back a temporary file each advised way, then deletes it. */
    @Override
    public void exercise(int jdkFeature) throws Exception {
        Path tmp = Files.createTempFile("weft-selftest", ".tmp");
        try (RandomAccessFile f = new RandomAccessFile(tmp.toFile(), "rw")) {
            f.write(1);
            f.write(new byte[1]);
            f.write(new byte[1], 0, 1);
            f.seek(0);
            f.read();
            f.read(new byte[1]);
            f.read(new byte[1], 0, 1);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** RandomAccessFile.read(). */
    public static final class ReadByteAdvice {
        private ReadByteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return WeftIoBridge.enter(WeftIoBridge.HOOK_RAF_READ_BYTE, WeftIoBridge.FILE_READ, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Return int result, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitByte(WeftIoBridge.FILE_READ, start, result, thrown);
        }
    }

    /** RandomAccessFile.read(byte[]). */
    public static final class ReadArrayAdvice {
        private ReadArrayAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return WeftIoBridge.enter(WeftIoBridge.HOOK_RAF_READ_ARRAY, WeftIoBridge.FILE_READ, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Return int result, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitCount(WeftIoBridge.FILE_READ, start, result, thrown);
        }
    }

    /** RandomAccessFile.read(byte[],int,int). */
    public static final class ReadAdvice {
        private ReadAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return WeftIoBridge.enter(WeftIoBridge.HOOK_RAF_READ, WeftIoBridge.FILE_READ, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Return int result, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitCount(WeftIoBridge.FILE_READ, start, result, thrown);
        }
    }

    /** RandomAccessFile.write(int). */
    public static final class WriteByteAdvice {
        private WriteByteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return WeftIoBridge.enter(WeftIoBridge.HOOK_RAF_WRITE_BYTE, WeftIoBridge.FILE_WRITE, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitLength(WeftIoBridge.FILE_WRITE, start, 1, thrown);
        }
    }

    /** RandomAccessFile.write(byte[]). */
    public static final class WriteArrayAdvice {
        private WriteArrayAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return WeftIoBridge.enter(WeftIoBridge.HOOK_RAF_WRITE_ARRAY, WeftIoBridge.FILE_WRITE, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Argument(0) byte[] b, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitLength(WeftIoBridge.FILE_WRITE, start, b == null ? 0 : b.length, thrown);
        }
    }

    /** RandomAccessFile.write(byte[],int,int). */
    public static final class WriteAdvice {
        private WriteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return WeftIoBridge.enter(WeftIoBridge.HOOK_RAF_WRITE, WeftIoBridge.FILE_WRITE, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Argument(2) int len, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitLength(WeftIoBridge.FILE_WRITE, start, len, thrown);
        }
    }

}
