package dev.weft.instrumentation.io;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.weft.bridge.WeftIoBridge;
import dev.weft.instrumentation.HookPoint;
import dev.weft.instrumentation.TypeInstrumentation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * {@code java.nio.channels.SocketChannel} I/O ({@code sun.nio.ch.SocketChannelImpl}): {@code read} and
 * {@code write} of one buffer and of buffer arrays, {@code connect(SocketAddress)}, and the socket
 * adaptor's {@code blockingRead}/{@code blockingWriteFully} (what {@code channel.socket()}'s streams call).
 *
 * <p><b>Blocking mode only.</b> A channel in non-blocking mode (a selector loop) does not block: the
 * enter advice reads {@code isBlocking()} (one volatile field) and the call is not recorded.
 *
 * <p><b>Exactly once per call.</b> The public methods reach the system call through {@code IOUtil} (17)
 * or the private {@code implRead}/{@code implWrite} (25), which are not advised; the adaptor's methods
 * do not call the public ones. So no depth guard is needed.
 */
public final class SocketChannelImplInstrumentation implements TypeInstrumentation {

    @Override
    public String typeName() {
        return "sun.nio.ch.SocketChannelImpl";
    }

    @Override
    public List<HookPoint> hookPoints() {
        return List.of(
                new HookPoint("SocketChannelImpl.read(ByteBuffer)",
                        named("read").and(takesArguments(1)).and(takesArgument(0, ByteBuffer.class)),
                        ReadAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_SC_READ)),
                new HookPoint("SocketChannelImpl.read(ByteBuffer[],int,int)",
                        named("read").and(takesArguments(3)).and(takesArgument(0, ByteBuffer[].class)),
                        ReadVectorAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_SC_READ_V)),
                new HookPoint("SocketChannelImpl.write(ByteBuffer)",
                        named("write").and(takesArguments(1)).and(takesArgument(0, ByteBuffer.class)),
                        WriteAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_SC_WRITE)),
                new HookPoint("SocketChannelImpl.write(ByteBuffer[],int,int)",
                        named("write").and(takesArguments(3)).and(takesArgument(0, ByteBuffer[].class)),
                        WriteVectorAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_SC_WRITE_V)),
                new HookPoint("SocketChannelImpl.connect(SocketAddress)",
                        named("connect").and(takesArguments(1)).and(takesArgument(0, named("java.net.SocketAddress"))),
                        ConnectAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_SC_CONNECT)),
                new HookPoint("SocketChannelImpl.blockingRead(byte[],int,int,long)",
                        named("blockingRead").and(takesArguments(4)).and(takesArgument(0, byte[].class)),
                        BlockingReadAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_SC_BLOCKING_READ)),
                new HookPoint("SocketChannelImpl.blockingWriteFully(byte[],int,int)",
                        named("blockingWriteFully").and(takesArguments(3)).and(takesArgument(0, byte[].class)),
                        BlockingWriteAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_SC_BLOCKING_WRITE)));
    }

    /** One loopback channel pair: each advised method once, on data already sent (nothing waits). */
    @Override
    public void exercise(int jdkFeature) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel client = SocketChannel.open()) {
            client.connect(server.getLocalAddress());
            try (SocketChannel accepted = server.accept()) {
                client.write(ByteBuffer.wrap(new byte[] {1}));
                client.write(new ByteBuffer[] {ByteBuffer.wrap(new byte[] {2})}, 0, 1);
                readFully(accepted, ByteBuffer.allocate(1));
                accepted.read(new ByteBuffer[] {ByteBuffer.allocate(1)}, 0, 1);
                accepted.socket().getOutputStream().write(new byte[] {3}, 0, 1);
                client.socket().setSoTimeout(10_000);
                client.socket().getInputStream().read(new byte[1], 0, 1);
            }
        }
    }

    private static void readFully(SocketChannel channel, ByteBuffer buffer) throws java.io.IOException {
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // one byte sent before: returns at once
        }
    }

    /** SocketChannelImpl.read(ByteBuffer). */
    public static final class ReadAdvice {
        private ReadAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.This java.nio.channels.SelectableChannel channel) {
            return WeftIoBridge.enterChannel(WeftIoBridge.HOOK_SC_READ, WeftIoBridge.SOCKET_READ, channel, channel.isBlocking());
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Return int result, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitCount(WeftIoBridge.SOCKET_READ, start, result, thrown);
        }
    }

    /** SocketChannelImpl.read(ByteBuffer[],int,int). */
    public static final class ReadVectorAdvice {
        private ReadVectorAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.This java.nio.channels.SelectableChannel channel) {
            return WeftIoBridge.enterChannel(WeftIoBridge.HOOK_SC_READ_V, WeftIoBridge.SOCKET_READ, channel, channel.isBlocking());
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Return long result, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitCount(WeftIoBridge.SOCKET_READ, start, result, thrown);
        }
    }

    /** SocketChannelImpl.write(ByteBuffer). */
    public static final class WriteAdvice {
        private WriteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.This java.nio.channels.SelectableChannel channel) {
            return WeftIoBridge.enterChannel(WeftIoBridge.HOOK_SC_WRITE, WeftIoBridge.SOCKET_WRITE, channel, channel.isBlocking());
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Return int result, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitCount(WeftIoBridge.SOCKET_WRITE, start, result, thrown);
        }
    }

    /** SocketChannelImpl.write(ByteBuffer[],int,int). */
    public static final class WriteVectorAdvice {
        private WriteVectorAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.This java.nio.channels.SelectableChannel channel) {
            return WeftIoBridge.enterChannel(WeftIoBridge.HOOK_SC_WRITE_V, WeftIoBridge.SOCKET_WRITE, channel, channel.isBlocking());
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Return long result, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitCount(WeftIoBridge.SOCKET_WRITE, start, result, thrown);
        }
    }

    /** SocketChannelImpl.connect(SocketAddress). */
    public static final class ConnectAdvice {
        private ConnectAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.This java.nio.channels.SelectableChannel channel) {
            return WeftIoBridge.enterChannel(WeftIoBridge.HOOK_SC_CONNECT, WeftIoBridge.SOCKET_CONNECT, channel, channel.isBlocking());
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start) {
            WeftIoBridge.exitNoBytes(WeftIoBridge.SOCKET_CONNECT, start);
        }
    }

    /** SocketChannelImpl.blockingRead(byte[],int,int,long). */
    public static final class BlockingReadAdvice {
        private BlockingReadAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.This Object self) {
            return WeftIoBridge.enter(WeftIoBridge.HOOK_SC_BLOCKING_READ, WeftIoBridge.SOCKET_READ, self);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Return int result, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitCount(WeftIoBridge.SOCKET_READ, start, result, thrown);
        }
    }

    /** SocketChannelImpl.blockingWriteFully(byte[],int,int). */
    public static final class BlockingWriteAdvice {
        private BlockingWriteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.This Object self) {
            return WeftIoBridge.enter(WeftIoBridge.HOOK_SC_BLOCKING_WRITE, WeftIoBridge.SOCKET_WRITE, self);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Argument(2) int len, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitLength(WeftIoBridge.SOCKET_WRITE, start, len, thrown);
        }
    }

}
