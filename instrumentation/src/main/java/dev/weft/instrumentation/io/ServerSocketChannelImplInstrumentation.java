package dev.weft.instrumentation.io;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.weft.bridge.WeftIoBridge;
import dev.weft.instrumentation.HookPoint;
import dev.weft.instrumentation.TypeInstrumentation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * {@code ServerSocketChannel.accept()} ({@code sun.nio.ch.ServerSocketChannelImpl}) in blocking mode, as
 * {@code socket_accept}; a channel in non-blocking mode (a selector loop) is not recorded. The socket
 * adaptor's {@code blockingAccept} is not advised ({@code channel.socket().accept()} is rare).
 */
public final class ServerSocketChannelImplInstrumentation implements TypeInstrumentation {

    @Override
    public String typeName() {
        return "sun.nio.ch.ServerSocketChannelImpl";
    }

    @Override
    public List<HookPoint> hookPoints() {
        return List.of(
                new HookPoint("ServerSocketChannelImpl.accept()",
                        named("accept").and(takesArguments(0)),
                        AcceptAdvice.class, 17, () -> WeftIoBridge.hookCalls(WeftIoBridge.HOOK_SSC_ACCEPT)));
    }

    /** One loopback accept. */
    @Override
    public void exercise(int jdkFeature) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel client = SocketChannel.open(server.getLocalAddress());
             SocketChannel accepted = server.accept()) {
            accepted.isConnected();
        }
    }

    /** ServerSocketChannelImpl.accept(). */
    public static final class AcceptAdvice {
        private AcceptAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.This java.nio.channels.SelectableChannel channel) {
            return WeftIoBridge.enterChannel(WeftIoBridge.HOOK_SSC_ACCEPT, WeftIoBridge.SOCKET_ACCEPT, channel, channel.isBlocking());
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter long start) {
            WeftIoBridge.exitNoBytes(WeftIoBridge.SOCKET_ACCEPT, start);
        }
    }

}
