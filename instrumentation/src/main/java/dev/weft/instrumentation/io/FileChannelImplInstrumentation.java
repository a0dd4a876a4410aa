package dev.weft.instrumentation.io;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.weft.bridge.WeftIoBridge;
import dev.weft.instrumentation.HookPoint;
import dev.weft.instrumentation.TypeInstrumentation;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * {@code FileChannel} reads and writes ({@code sun.nio.ch.FileChannelImpl}): one buffer, buffer arrays
 * and positional, as {@code file_read}/{@code file_write}. {@code transferTo}/{@code transferFrom} and
 * memory-mapped access are not advised (kernel copies and page faults, not reads into the JVM).
 *
 * <p><b>Exactly once per call.</b> The public methods go through {@code IOUtil} (17) or the private
 * {@code implRead}/{@code implWrite} (25), which are not advised, and do not call each other. A
 * {@code FileInputStream}'s channel is this class too, but the stream's own methods do not use it.
 */
public final class FileChannelImplInstrumentation implements TypeInstrumentation {

    @Override
    public String typeName() {
        return "sun.nio.ch.FileChannelImpl";
    }

    @Override
    public List<HookPoint> hookPoints() {
        return List.of(
                new HookPoint("FileChannelImpl.read(ByteBuffer)",
                        named("read").and(takesArguments(1)).and(takesArgument(0, ByteBuffer.class)),
                        ReadAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_FC_READ)),
                new HookPoint("FileChannelImpl.read(ByteBuffer[],int,int)",
                        named("read").and(takesArguments(3)).and(takesArgument(0, ByteBuffer[].class)),
                        ReadVectorAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_FC_READ_V)),
                new HookPoint("FileChannelImpl.write(ByteBuffer)",
                        named("write").and(takesArguments(1)).and(takesArgument(0, ByteBuffer.class)),
                        WriteAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_FC_WRITE)),
                new HookPoint("FileChannelImpl.write(ByteBuffer[],int,int)",
                        named("write").and(takesArguments(3)).and(takesArgument(0, ByteBuffer[].class)),
                        WriteVectorAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_FC_WRITE_V)),
                new HookPoint("FileChannelImpl.read(ByteBuffer,long)",
                        named("read").and(takesArguments(2)).and(takesArgument(0, ByteBuffer.class)).and(takesArgument(1, long.class)),
                        PositionalReadAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_FC_PREAD)),
                new HookPoint("FileChannelImpl.write(ByteBuffer,long)",
                        named("write").and(takesArguments(2)).and(takesArgument(0, ByteBuffer.class)).and(takesArgument(1, long.class)),
                        PositionalWriteAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_FC_PWRITE)));
    }

    /** Writes and reads back a temporary file each advised way, then deletes it. */
    @Override
    public void exercise(int jdkFeature) throws Exception {
        Path tmp = Files.createTempFile("weft-selftest", ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1}));
            ch.write(new ByteBuffer[] {ByteBuffer.wrap(new byte[] {2})}, 0, 1);
            ch.write(ByteBuffer.wrap(new byte[] {3}), 2);
            ch.position(0);
            ch.read(ByteBuffer.allocate(1));
            ch.read(new ByteBuffer[] {ByteBuffer.allocate(1)}, 0, 1);
            ch.read(ByteBuffer.allocate(1), 2);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** FileChannelImpl.read(ByteBuffer). */
    public static final class ReadAdvice {
        private ReadAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return WeftIoBridge.enter(WeftIoBridge.HOOK_FC_READ, WeftIoBridge.FILE_READ, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Return int result, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitCount(WeftIoBridge.FILE_READ, start, result, thrown);
        }
    }

    /** FileChannelImpl.read(ByteBuffer[],int,int). */
    public static final class ReadVectorAdvice {
        private ReadVectorAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return WeftIoBridge.enter(WeftIoBridge.HOOK_FC_READ_V, WeftIoBridge.FILE_READ, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Return long result, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitCount(WeftIoBridge.FILE_READ, start, result, thrown);
        }
    }

    /** FileChannelImpl.write(ByteBuffer). */
    public static final class WriteAdvice {
        private WriteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return WeftIoBridge.enter(WeftIoBridge.HOOK_FC_WRITE, WeftIoBridge.FILE_WRITE, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Return int result, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitCount(WeftIoBridge.FILE_WRITE, start, result, thrown);
        }
    }

    /** FileChannelImpl.write(ByteBuffer[],int,int). */
    public static final class WriteVectorAdvice {
        private WriteVectorAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return WeftIoBridge.enter(WeftIoBridge.HOOK_FC_WRITE_V, WeftIoBridge.FILE_WRITE, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Return long result, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitCount(WeftIoBridge.FILE_WRITE, start, result, thrown);
        }
    }

    /** FileChannelImpl.read(ByteBuffer,long). */
    public static final class PositionalReadAdvice {
        private PositionalReadAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return WeftIoBridge.enter(WeftIoBridge.HOOK_FC_PREAD, WeftIoBridge.FILE_READ, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Return int result, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitCount(WeftIoBridge.FILE_READ, start, result, thrown);
        }
    }

    /** FileChannelImpl.write(ByteBuffer,long). */
    public static final class PositionalWriteAdvice {
        private PositionalWriteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return WeftIoBridge.enter(WeftIoBridge.HOOK_FC_PWRITE, WeftIoBridge.FILE_WRITE, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Return int result, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitCount(WeftIoBridge.FILE_WRITE, start, result, thrown);
        }
    }

}
