package dev.weft.instrumentation.ledger;

/** Loaded by a throw-away class loader in {@link ClassLoaderRetentionTest}; starts one thread. */
public final class LoaderProbe {

    private LoaderProbe() {
    }

    public static void start(ThreadLedger ledger) throws InterruptedException {
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
            }
        }, "probe-1");
        t.setContextClassLoader(LoaderProbe.class.getClassLoader());
        ledger.starting(t, 0); // what the Thread.start advice does, from this loader's code
        t.start();
        t.join();
        ledger.exiting(t); // what the Thread.exit advice does
    }
}
