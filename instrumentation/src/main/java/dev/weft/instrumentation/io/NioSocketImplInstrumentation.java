package dev.weft.instrumentation.io;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.weft.bridge.WeftIoBridge;
import dev.weft.instrumentation.HookPoint;
import dev.weft.instrumentation.TypeInstrumentation;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * {@code java.net.Socket} and {@code ServerSocket} I/O (JDK 13+: {@code sun.nio.ch.NioSocketImpl}, the
 * same private/protected methods on 17 and 25): {@code read(byte[],int,int)} and
 * {@code write(byte[],int,int)} (what the socket's streams call, including the one-byte {@code read()}
 * and {@code write(int)}), {@code connect(SocketAddress,int)} (the {@code String} and
 * {@code InetAddress} overloads delegate to it, so they are not advised) and {@code accept(SocketImpl)}.
 *
 * <p><b>Exactly once per call.</b> None of the four calls another: they reach the system call through
 * {@code implRead}/{@code implWrite}/{@code park}, which are not advised ({@code implRead} also changed
 * its signature between 17 and 25). So no depth guard is needed. Bytes are what {@code read} returned
 * ({@code -1} at the end of the stream counts none) and, for {@code write}, the length when it returned
 * normally (it writes everything or throws). On 21+ a virtual thread's blocking read parks the virtual
 * thread inside these methods; the time is still the call's.
 */
public final class NioSocketImplInstrumentation implements TypeInstrumentation {

    @Override
    public String typeName() {
        return "sun.nio.ch.NioSocketImpl";
    }

    @Override
    public List<HookPoint> hookPoints() {
        return List.of(
                new HookPoint("NioSocketImpl.read(byte[],int,int)",
                        named("read").and(takesArguments(3)).and(takesArgument(0, byte[].class)),
                        ReadAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_NIO_READ)),
                new HookPoint("NioSocketImpl.write(byte[],int,int)",
                        named("write").and(takesArguments(3)).and(takesArgument(0, byte[].class)),
                        WriteAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_NIO_WRITE)),
                new HookPoint("NioSocketImpl.connect(SocketAddress,int)",
                        named("connect").and(takesArguments(2)).and(takesArgument(0, named("java.net.SocketAddress"))),
                        ConnectAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_NIO_CONNECT)),
                new HookPoint("NioSocketImpl.accept(SocketImpl)",
                        named("accept").and(takesArguments(1)).and(takesArgument(0, named("java.net.SocketImpl"))),
                        AcceptAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_NIO_ACCEPT)));
    }

    /** One loopback connection: connect, accept, a one-byte write and read (the agent thread is not recorded). */
    @Override
    public void exercise(int jdkFeature) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket()) {
            client.connect(server.getLocalSocketAddress(), 10_000);
            try (Socket accepted = server.accept()) {
                accepted.setSoTimeout(10_000);
                client.getOutputStream().write(new byte[] {1}, 0, 1);
                accepted.getInputStream().read(new byte[1], 0, 1);
            }
        }
    }

    /** NioSocketImpl.read(byte[],int,int). */
    public static final class ReadAdvice {
        private ReadAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.This Object self) {
            return WeftIoBridge.enter(WeftIoBridge.HOOK_NIO_READ, WeftIoBridge.SOCKET_READ, self);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Return int result, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitCount(WeftIoBridge.SOCKET_READ, start, result, thrown);
        }
    }

    /** NioSocketImpl.write(byte[],int,int). */
    public static final class WriteAdvice {
        private WriteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.This Object self) {
            return WeftIoBridge.enter(WeftIoBridge.HOOK_NIO_WRITE, WeftIoBridge.SOCKET_WRITE, self);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start, @Advice.Argument(2) int len, @Advice.Thrown Throwable thrown) {
            WeftIoBridge.exitLength(WeftIoBridge.SOCKET_WRITE, start, len, thrown);
        }
    }

    /** NioSocketImpl.connect(SocketAddress,int). */
    public static final class ConnectAdvice {
        private ConnectAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.This Object self) {
            return WeftIoBridge.enter(WeftIoBridge.HOOK_NIO_CONNECT, WeftIoBridge.SOCKET_CONNECT, self);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start) {
            WeftIoBridge.exitNoBytes(WeftIoBridge.SOCKET_CONNECT, start);
        }
    }

    /** NioSocketImpl.accept(SocketImpl). */
    public static final class AcceptAdvice {
        private AcceptAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.This Object self) {
            return WeftIoBridge.enter(WeftIoBridge.HOOK_NIO_ACCEPT, WeftIoBridge.SOCKET_ACCEPT, self);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start) {
            WeftIoBridge.exitNoBytes(WeftIoBridge.SOCKET_ACCEPT, start);
        }
    }

}
