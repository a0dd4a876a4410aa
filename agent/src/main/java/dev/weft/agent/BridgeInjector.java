package dev.weft.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Defines the bridge classes ({@code java.lang.WeftBridge*}) into {@code java.base}.
 *
 * <p>Advice inlined into JDK classes can only call bootstrap classes. Appending a jar to the
 * bootstrap search path would do, but it makes HotSpot print "Sharing is only supported for boot
 * loader classes because bootstrap classpath has been appended" and turns class-data sharing off
 * for the application. Instead, {@code java.lang} is opened to this loader's unnamed module only
 * (not to the application), and the classes are defined through a private lookup on
 * {@code Thread}, which makes the bootstrap loader their defining loader.
 */
final class BridgeInjector {

    /**
     * Where the build stores the relocated bridge classes. Deliberately not {@code dev/weft/bridge/}:
     * the shade plugin rewrites string constants that look like the relocated package.
     */
    private static final String PREFIX = "dev/weft/bootstrap/";
    private static final String SUFFIX = ".classdata";

    private BridgeInjector() {
    }

    /** @return the number of classes defined (0 when a previous attach already defined them) */
    static int inject(Instrumentation inst, File agentJar) throws Exception {
        Module javaBase = Object.class.getModule();
        Module self = BridgeInjector.class.getModule();
        if (!javaBase.isOpen("java.lang", self)) {
            inst.redefineModule(javaBase, Set.of(), Map.of(), Map.of("java.lang", Set.of(self)), Set.of(), Map.of());
        }
        // JDK 21+: the JDK's thread containers, to list live virtual threads on /threads (VirtualThreads).
        if (javaBase.getPackages().contains("jdk.internal.vm") && !javaBase.isExported("jdk.internal.vm", self)) {
            inst.redefineModule(javaBase, Set.of(), Map.of("jdk.internal.vm", Set.of(self)), Map.of(), Set.of(), Map.of());
        }
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
        int defined = 0;
        for (Map.Entry<String, byte[]> c : bridgeClasses(agentJar).entrySet()) {
            if (!isDefined(c.getKey())) {
                lookup.defineClass(c.getValue());
                defined++;
            }
        }
        return defined;
    }

    /**
     * The bridge classes by binary name, nested types (interfaces the outer class refers to) first.
     * The build relocated them into {@code java.lang}; the entry name keeps the simple name.
     */
    private static Map<String, byte[]> bridgeClasses(File agentJar) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile jar = new JarFile(agentJar, false)) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String n = e.nextElement().getName();
                if (n.startsWith(PREFIX) && n.endsWith(SUFFIX)) {
                    names.add(n);
                }
            }
            names.sort((a, b) -> Boolean.compare(!a.contains("$"), !b.contains("$")));
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (String n : names) {
                try (InputStream in = jar.getInputStream(jar.getEntry(n))) {
                    out.put("java.lang." + n.substring(PREFIX.length(), n.length() - SUFFIX.length()),
                            in.readAllBytes());
                }
            }
            if (out.isEmpty()) {
                throw new IOException("no bridge classes under " + PREFIX + " in " + agentJar);
            }
            return out;
        }
    }

    private static boolean isDefined(String name) {
        try {
            Class.forName(name, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
