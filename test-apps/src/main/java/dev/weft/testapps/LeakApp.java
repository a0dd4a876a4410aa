package dev.weft.testapps;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A thread leak through an executor created per request and never shut down. Prints {@code ready},
 * then answers {@link Control} commands: {@code leak} starts a request loop (one request every 20 ms,
 * at most {@value #MAX_REQUESTS}) and prints {@code leaking site=LeakApp.java:<line of the submit call>};
 * {@code stop} stops the loop and prints {@code stopped}.
 */
public final class LeakApp {

    static final int MAX_REQUESTS = 3000;
    private static volatile boolean stop;
    private static volatile int submitLine;

    private LeakApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        System.out.flush();
        Control.serve(line -> {
            if (line.equals("leak")) {
                handle(0); // learn the line before the loop starts
                Thread loop = new Thread(() -> {
                    for (int i = 1; i < MAX_REQUESTS && !stop; i++) {
                        handle(i);
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "request-loop");
                loop.setDaemon(true);
                loop.start();
                System.out.println("leaking site=LeakApp.java:" + submitLine);
                return true;
            }
            if (line.equals("stop")) {
                stop = true;
                System.out.println("stopped");
                return true;
            }
            return false;
        });
    }

    /** One "request": the bug is the executor created here and never shut down. */
    static void handle(int request) {
        // A plain ThreadPoolExecutor: newSingleThreadExecutor's wrapper shuts itself down when collected (JDK 21+).
        ExecutorService perRequest = Executors.newFixedThreadPool(1, r -> {
            Thread t = new Thread(r, "req-" + request);
            t.setDaemon(true);
            return t;
        });
        perRequest.submit(() -> request * 2); submitLine = new Throwable().getStackTrace()[0].getLineNumber();
    }
}
