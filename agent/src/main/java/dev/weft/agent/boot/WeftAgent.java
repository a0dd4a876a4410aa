package dev.weft.agent.boot;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.URL;

/**
 * The entry point the JVM calls ({@code Premain-Class}, {@code Agent-Class}, {@code Main-Class}).
 *
 * <p>This class is loaded by the system class loader from the agent jar, so it is visible to the
 * application: it does as little as possible and holds no state beyond a started flag. It finds
 * its own jar, creates the isolated loader that reads everything else from {@code .classdata}
 * entries, and hands over to {@code dev.weft.agent.AgentMain} in that loader. It never throws:
 * on any failure it prints one line to stderr and returns, and the application starts as usual.
 */
public final class WeftAgent {

    private static final String MAIN = "dev.weft.agent.AgentMain";
    private static boolean started;

    private WeftAgent() {
    }

    /** {@code -javaagent:weft-agent.jar[=options]}. */
    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    /** Dynamic attach. */
    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    /**
     * {@code java -jar weft-agent.jar attach <pid> [key=value,...]} attaches to a running JVM;
     * anything else prints usage.
     */
    public static void main(String[] args) {
        if (args.length >= 2 && args.length <= 3 && args[0].equals("attach")) {
            int code;
            try {
                code = Attach.run(args[1], args.length == 3 ? args[2] : null, agentJar());
            } catch (NoClassDefFoundError e) {
                System.err.println("weft: this Java runtime has no attach API (module jdk.attach); run the"
                        + " command with a full JDK");
                code = 1;
            } catch (Exception e) {
                System.err.println("weft: cannot attach: " + e);
                code = 1;
            }
            System.exit(code);
        }
        if (args.length == 1 && args[0].equals("jfc")) {
            // The JFR settings file, for -XX:StartFlightRecording:settings=... or JDK Mission Control.
            try (java.io.InputStream in = WeftAgent.class.getResourceAsStream(
                    "/dev/weft/inst/dev/weft/exporter/jfr/weft.jfc")) {
                if (in == null) {
                    System.err.println("weft: weft.jfc is missing from this jar");
                    System.exit(1);
                }
                in.transferTo(System.out);
                System.out.flush();
            } catch (java.io.IOException e) {
                System.err.println("weft: cannot read weft.jfc: " + e);
                System.exit(1);
            }
            return;
        }
        System.out.println("Weft: a Java agent for runtime concurrency observability.");
        System.out.println();
        System.out.println("Attach it when the JVM starts:");
        System.out.println("  java -javaagent:/path/to/weft-agent.jar[=key=value,...] -jar app.jar");
        System.out.println("or to a running JVM (same user; JDK 21+ prints its own warning about dynamic agents):");
        System.out.println("  java -jar /path/to/weft-agent.jar attach <pid> [key=value,...]");
        System.out.println("Its JFR settings (for -XX:StartFlightRecording:settings=default,settings=weft.jfc):");
        System.out.println("  java -jar /path/to/weft-agent.jar jfc > weft.jfc");
        System.out.println("then read http://127.0.0.1:9797/metrics. Keys (host, port, config, quiet, ...)"
                + " are in the README.");
        if (args.length > 0 && !args[0].equals("help") && !args[0].equals("--help")) {
            System.exit(2);
        }
    }

    private static synchronized void start(String args, Instrumentation inst, boolean dynamic) {
        try {
            if (started) {
                System.err.println("weft: the agent is attached more than once; ignoring the extra copy");
                return;
            }
            started = true;
            File jar = agentJar();
            IsolatingClassLoader loader = new IsolatingClassLoader(jar, ClassLoader.getPlatformClassLoader(),
                    new Object[] {args, inst, dynamic, jar});
            // Hand-over without reflection (Method.invoke spins method handles: 10-20 ms on JDK 25):
            // AgentMain's static initializer reads the arguments from its loader and starts the agent.
            Class.forName(MAIN, true, loader);
        } catch (Throwable t) {
            Throwable cause = t instanceof ExceptionInInitializerError && t.getCause() != null ? t.getCause() : t;
            System.err.println("weft: the agent failed to start and is disabled; the application runs"
                    + " without it: " + cause);
        }
    }

    /** The jar this class was loaded from. */
    private static File agentJar() throws Exception {
        URL url = WeftAgent.class.getProtectionDomain().getCodeSource().getLocation();
        File file = new File(url.toURI());
        if (!file.isFile()) {
            throw new IllegalStateException("not loaded from a jar: " + url);
        }
        return file;
    }
}
