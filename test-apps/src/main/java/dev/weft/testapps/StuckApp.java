package dev.weft.testapps;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stuck work on command. Prints {@code ready}, then answers {@link Control} commands:
 * <ul>
 *   <li>{@code future} → an executor task (thread {@code task-worker}) waits on a future that never
 *       completes; prints {@code future waits at StuckApp.java:<line>}</li>
 *   <li>{@code socket} → thread {@code socket-reader} reads from a connection whose peer never writes;
 *       prints {@code socket waits at StuckApp.java:<line>}</li>
 * </ul>
 */
public final class StuckApp {

    private StuckApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        System.out.flush();
        Control.serve(line -> {
            try {
                if (line.equals("future")) {
                    future();
                    return true;
                }
                if (line.equals("socket")) {
                    socket();
                    return true;
                }
                return false;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void future() {
        ExecutorService pool = Executors.newFixedThreadPool(1, r -> {
            Thread t = new Thread(r, "task-worker");
            t.setDaemon(true);
            return t;
        });
        pool.submit(() -> {
            CompletableFuture<String> never = new CompletableFuture<>();
            System.out.println("future waits at StuckApp.java:" + (new Throwable().getStackTrace()[0].getLineNumber() + 1));
            return never.get();
        });
    }

    private static void socket() throws Exception {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                Socket peer = server.accept(); // kept open, never written to
                while (!peer.isClosed()) {
                    Thread.sleep(1000); // sleeping is not being stuck
                }
            } catch (Exception e) {
                // ends with the process
            }
        }, "silent-peer");
        acceptor.setDaemon(true);
        acceptor.start();
        Thread reader = new Thread(() -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                InputStream in = s.getInputStream();
                System.out.println("socket waits at StuckApp.java:" + (new Throwable().getStackTrace()[0].getLineNumber() + 1));
                in.read();
            } catch (Exception e) {
                // ends with the process
            }
        }, "socket-reader");
        reader.setDaemon(true);
        reader.start();
    }
}
