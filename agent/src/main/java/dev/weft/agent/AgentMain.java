package dev.weft.agent;

import dev.weft.agent.config.Config;
import dev.weft.agent.config.Keys;
import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.jar.JarFile;

/**
 * The agent proper, loaded by the isolated loader. {@link #start} runs inside premain on the
 * application's main thread and returns at once: it reads the configuration (so a bad key is
 * reported even by a program that exits immediately) and starts the daemon thread
 * {@code weft-init}, which installs the hooks, runs the self-test and starts the exporter while
 * the application goes on starting. See {@link Agent} for what is and is not seen before the
 * hooks are in.
 */
public final class AgentMain {

    static {
        // The boot stub loads this class with initialization instead of calling a method
        // reflectively; the loader hands over premain's arguments as a JDK Supplier.
        ClassLoader loader = AgentMain.class.getClassLoader();
        if (loader instanceof Supplier) {
            Object[] a = (Object[]) ((Supplier<?>) loader).get();
            start((String) a[0], (Instrumentation) a[1], (Boolean) a[2], (File) a[3]);
        }
    }

    private AgentMain() {
    }

    /**
     * Starts the agent; called from the static initializer when the boot stub loads this class.
     *
     * @param args     the agent argument string, possibly null
     * @param inst     the JVM's instrumentation
     * @param dynamic  whether this is a dynamic attach (agentmain) rather than -javaagent
     * @param agentJar the agent jar
     */
    public static void start(String args, Instrumentation inst, boolean dynamic, File agentJar) {
        long startNanos = System.nanoTime();
        Consumer<String> warnings = new Consumer<String>() {
            @Override
            public void accept(String line) {
                Log.warn(line.startsWith("weft: ") ? line.substring("weft: ".length()) : line);
            }
        };
        Properties sysProps = System.getProperties();
        Map<String, String> env = System.getenv();
        Config config = Config.load(args, sysProps, env, warnings);
        Thread init = new Thread(new Init(config, inst, dynamic, agentJar, startNanos), "weft-init");
        init.setDaemon(true);
        init.start();
    }

    /**
     * Defines the bridge before any class that refers to it is loaded: {@link Agent} and the
     * ledger name bridge types, and the verifier may resolve them as soon as such a class loads.
     */
    private static final class Init implements Runnable {
        private final Config config;
        private final Instrumentation inst;
        private final boolean dynamic;
        private final File agentJar;
        private final long startNanos;

        Init(Config config, Instrumentation inst, boolean dynamic, File agentJar, long startNanos) {
            this.config = config;
            this.inst = inst;
            this.dynamic = dynamic;
            this.agentJar = agentJar;
            this.startNanos = startNanos;
        }

        @Override
        public void run() {
            try {
                BridgeInjector.inject(inst, agentJar);
            } catch (Throwable t) {
                // Without the bridge, nothing that refers to it can load: report and stop here.
                Log.warn("cannot define the bootstrap bridge, the agent is disabled: " + t);
                return;
            }
            try {
                new Agent(config, inst, dynamic, agentJar, version(agentJar), startNanos).run();
            } catch (Throwable t) {
                Log.warn("start-up failed, the agent is disabled: " + t);
            }
        }
    }

    private static String version(File agentJar) {
        try (JarFile jar = new JarFile(agentJar, false)) {
            String v = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
            return v == null ? "unknown" : v;
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** Used by tests and {@link Agent} to read a key without going through the loader. */
    static boolean quiet(Config config) {
        return Boolean.TRUE.equals(config.get(Keys.QUIET));
    }
}
