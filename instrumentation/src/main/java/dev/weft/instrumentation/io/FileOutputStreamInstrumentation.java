package dev.weft.instrumentation.io;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.weft.bridge.WeftIoBridge;
import dev.weft.instrumentation.HookPoint;
import dev.weft.instrumentation.TypeInstrumentation;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * {@code FileOutputStream.write(int)}, {@code write(byte[])} and {@code write(byte[],int,int)}, as
 * {@code file_write}. Each calls a native ({@code write}/{@code writeBytes}; on 25 through the JFR tracing
 * twins), never another advised method: exactly once per call, no depth guard needed. A call that
 * returned wrote all its bytes; one that threw is recorded without bytes.
 */
public final class FileOutputStreamInstrumentation implements TypeInstrumentation {

    @Override
    public String typeName() {
        return "java.io.FileOutputStream";
    }

    @Override
    public List<HookPoint> hookPoints() {
        return List.of(
                new HookPoint("FileOutputStream.write(int)",
                        named("write").and(takesArguments(1)).and(takesArgument(0, int.class)),
                        WriteByteAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_FOS_WRITE_BYTE)),
                new HookPoint("FileOutputStream.write(byte[])",
                        named("write").and(takesArguments(1)).and(takesArgument(0, byte[].class)),
                        WriteArrayAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_FOS_WRITE_ARRAY)),
                new HookPoint("FileOutputStream.write(byte[],int,int)",
                        named("write").and(takesArguments(3)).and(takesArgument(0, byte[].class)),
                        WriteAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_FOS_WRITE)));
    }

    /** Writes a temporary file three ways, then deletes it. */
    @Override
    public void exercise(int jdkFeature) throws Exception {
        Path tmp = Files.createTempFile("weft-selftest", ".tmp");
        try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
            out.write(1);
            out.write(new byte[1]);
            out.write(new byte[1], 0, 1);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** FileOutputStream.write(int). */
    public static final class WriteByteAdvice {
        private WriteByteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return WeftIoBridge.enter(WeftIoBridge.HOOK_FOS_WRITE_BYTE, WeftIoBridge.FILE_WRITE, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitLength(WeftIoBridge.FILE_WRITE, start, 1, thrown);
        }
    }

    /** FileOutputStream.write(byte[]). */
    public static final class WriteArrayAdvice {
        private WriteArrayAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return WeftIoBridge.enter(WeftIoBridge.HOOK_FOS_WRITE_ARRAY, WeftIoBridge.FILE_WRITE, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Argument(0) byte[] b, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitLength(WeftIoBridge.FILE_WRITE, start, b == null ? 0 : b.length, thrown);
        }
    }

    /** FileOutputStream.write(byte[],int,int). */
    public static final class WriteAdvice {
        private WriteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return WeftIoBridge.enter(WeftIoBridge.HOOK_FOS_WRITE, WeftIoBridge.FILE_WRITE, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Argument(2) int len, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitLength(WeftIoBridge.FILE_WRITE, start, len, thrown);
        }
    }

}
