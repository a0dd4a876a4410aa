package dev.weft.agent.boot;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent's internals — Weft's own code and its relocated dependencies — from the
 * {@code dev/weft/inst/**.classdata} entries of the agent jar.
 *
 * <p>Its parent is the platform loader: the JDK (including {@code com.sun.net.httpserver} and
 * {@code jdk.jfr}) is visible, the application is not, so the application may use any version of
 * Byte Buddy, the Prometheus client or HdrHistogram. Because the entries are not named
 * {@code .class}, the system class loader can never load them by accident even though the
 * agent jar is on its class path. Resource lookups are mapped the same way
 * ({@code x/Y.class → dev/weft/inst/x/Y.classdata}, {@code a/b → dev/weft/inst/a/b}), which is
 * what Byte Buddy needs to read advice class files.
 */
final class IsolatingClassLoader extends ClassLoader implements Supplier<Object[]> {

    static {
        registerAsParallelCapable();
    }

    private static final String PREFIX = "dev/weft/inst/";

    private final JarFile jar;
    private final String jarUrl;
    private final ProtectionDomain domain;
    private final Object[] startArguments;

    /**
     * @param startArguments what premain received, handed to the agent through {@link #get()}:
     *                       the agent cannot name this class (it is not visible from the isolated
     *                       loader), but it can see the JDK interface {@link Supplier}
     */
    IsolatingClassLoader(File agentJar, ClassLoader parent, Object[] startArguments) throws IOException {
        super("weft", parent);
        this.startArguments = startArguments;
        // No verification of signatures: the jar is not signed, and verifying is slow at start-up.
        this.jar = new JarFile(agentJar, false);
        this.jarUrl = "jar:" + agentJar.toURI() + "!/";
        this.domain = new ProtectionDomain(new CodeSource(agentJar.toURI().toURL(), (Certificate[]) null), null,
                this, null);
    }

    /** The start arguments: agent options, Instrumentation, dynamic flag, agent jar. */
    @Override
    public Object[] get() {
        return startArguments.clone();
    }

    /**
     * {@code sun.misc.Unsafe} is not visible to the agent's internals on JDK 24 and later: there its
     * memory-access methods print a four-line "terminally deprecated method" warning on the application's
     * standard error (JEP 498) the first time they are called, and the relocated protobuf runtime (the
     * Prometheus client's protobuf format) calls one as soon as a scraper asks for that format. Without the
     * class, protobuf takes its documented path without {@code Unsafe} (a little slower, silent); Byte
     * Buddy's use of it is already switched off ({@code Installer}). Earlier JDKs do not warn and keep it.
     */
    private static final boolean HIDE_UNSAFE = Runtime.version().feature() >= 24;

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (HIDE_UNSAFE && name.equals("sun.misc.Unsafe")) {
            throw new ClassNotFoundException(name + " is hidden from Weft's internals on JDK 24+ (JEP 498 warnings)");
        }
        return super.loadClass(name, resolve);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + ".classdata");
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            String pkg = name.substring(0, dot);
            if (getDefinedPackage(pkg) == null) {
                try {
                    definePackage(pkg, null, null, null, null, null, null, null);
                } catch (IllegalArgumentException raced) {
                    // defined concurrently by another thread: fine
                }
            }
        }
        return defineClass(name, bytes, 0, bytes.length, domain);
    }

    private String entryName(String resource) {
        if (resource.endsWith(".class")) {
            return PREFIX + resource.substring(0, resource.length() - ".class".length()) + ".classdata";
        }
        return PREFIX + resource;
    }

    @Override
    protected URL findResource(String name) {
        String entry = entryName(name);
        if (jar.getEntry(entry) == null) {
            return null;
        }
        try {
            return new URL(jarUrl + entry);
        } catch (MalformedURLException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singleton(url));
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        // Our own entries first, straight from the open jar (no URL connection, no jar cache).
        JarEntry entry = jar.getJarEntry(entryName(name));
        if (entry != null) {
            try {
                return jar.getInputStream(entry);
            } catch (IOException e) {
                return null;
            }
        }
        return super.getResourceAsStream(name);
    }
}
