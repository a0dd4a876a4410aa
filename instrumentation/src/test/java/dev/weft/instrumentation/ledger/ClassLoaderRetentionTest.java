package dev.weft.instrumentation.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A thread started by code of a class loader that is later discarded does not keep that loader alive. */
class ClassLoaderRetentionTest {

    /** Defines the probe classes itself; everything else comes from the parent. */
    private static final class ThrowAwayLoader extends ClassLoader {
        ThrowAwayLoader(ClassLoader parent) {
            super("throw-away", parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(LoaderProbe.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    String path = name.replace('.', '/') + ".class";
                    try (InputStream in = getParent().getResourceAsStream(path)) {
                        byte[] b = in.readAllBytes();
                        c = defineClass(name, b, 0, b.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
        }
    }

    @Test
    void theLedgerDoesNotRetainTheLoaderOfTheCodeThatStartedAThread() throws Exception {
        ThreadLedger ledger = new ThreadLedger();
        WeakReference<ClassLoader> ref = startFromThrowAwayLoader(ledger);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ref.get() != null && System.nanoTime() < end) {
            System.gc();
            Thread.sleep(20); // polling for the collector, with a deadline
        }
        assertNull(ref.get(), "the throw-away loader is still reachable");
        assertEquals(1, ledger.sites().size(), "its creation site is still known, as text");
        assertEquals(0, ledger.liveCount());
    }

    private static WeakReference<ClassLoader> startFromThrowAwayLoader(ThreadLedger ledger) throws Exception {
        ClassLoader loader = new ThrowAwayLoader(ClassLoaderRetentionTest.class.getClassLoader());
        Class<?> probe = loader.loadClass(LoaderProbe.class.getName());
        assertEquals(loader, probe.getClassLoader());
        probe.getMethod("start", ThreadLedger.class).invoke(null, ledger);
        return new WeakReference<>(loader);
    }
}
