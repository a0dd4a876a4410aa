package dev.weft.instrumentation.ledger;

import java.util.Arrays;
import java.util.List;

/**
 * Where threads were started: the stack of the thread that called {@code start()}, bounded to
 * {@link CreationSites#MAX_DEPTH} frames, without Weft's own frames and {@code Thread.start} itself.
 * Interned: threads started from the same stack share one instance, so identity comparison groups
 * them. Holds strings only ({@link StackTraceElement}), never a {@link Class}, so a site does not keep
 * the class loader of the code that created the thread alive.
 */
public final class CreationSite {

    private final StackTraceElement[] frames;
    private final int applicationFrame;
    private final int hash;

    CreationSite(StackTraceElement[] frames) {
        this.frames = frames;
        this.hash = Arrays.hashCode(frames);
        int app = -1;
        for (int i = 0; i < frames.length; i++) {
            if (!isPlatformClass(frames[i].getClassName())) {
                app = i;
                break;
            }
        }
        this.applicationFrame = app;
    }

    /** The frames, innermost first (the caller of {@code Thread.start} is frame 0). */
    public List<StackTraceElement> frames() {
        return List.of(frames);
    }

    /**
     * The first frame that is not JDK code (outside {@code java.*}, {@code javax.*}, {@code jdk.*},
     * {@code sun.*}, {@code com.sun.*}): the line to open. Falls back to the innermost frame when the
     * whole (bounded) stack is JDK code; {@code null} for an empty stack.
     */
    public StackTraceElement applicationFrame() {
        if (applicationFrame >= 0) {
            return frames[applicationFrame];
        }
        return frames.length > 0 ? frames[0] : null;
    }

    /** {@code File.java:line} of {@link #applicationFrame()}, or {@code "unknown"}. */
    public String location() {
        StackTraceElement f = applicationFrame();
        return f == null ? "unknown" : location(f);
    }

    /** {@code Class.method(File.java:line)} of {@link #applicationFrame()}, or {@code "unknown"}. */
    public String describe() {
        StackTraceElement f = applicationFrame();
        return f == null ? "unknown" : f.getClassName() + "." + f.getMethodName() + "(" + location(f) + ")";
    }

    /** {@code File.java:line}, or the class's simple name when the file is unknown. */
    public static String location(StackTraceElement f) {
        String file = f.getFileName();
        if (file == null) {
            String c = f.getClassName();
            return c.substring(c.lastIndexOf('.') + 1) + (f.getLineNumber() >= 0 ? ":" + f.getLineNumber() : "");
        }
        return f.getLineNumber() >= 0 ? file + ":" + f.getLineNumber() : file;
    }

    /**
     * A frame as {@code class.method(File.java:line)}, without the class loader and module prefixes of
     * {@link StackTraceElement#toString()}; {@code (Native Method)} or {@code (Unknown Source)} when
     * there is no line.
     */
    public static String format(StackTraceElement f) {
        String where;
        if (f.isNativeMethod()) {
            where = "Native Method";
        } else if (f.getFileName() == null) {
            where = "Unknown Source";
        } else {
            where = f.getLineNumber() >= 0 ? f.getFileName() + ":" + f.getLineNumber() : f.getFileName();
        }
        return f.getClassName() + "." + f.getMethodName() + "(" + where + ")";
    }

    static boolean isPlatformClass(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.sun.");
    }

    StackTraceElement[] rawFrames() {
        return frames;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CreationSite s && s.hash == hash && Arrays.equals(s.frames, frames);
    }

    @Override
    public String toString() {
        return describe();
    }
}
