package dev.weft.instrumentation.ledger;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** How executors are named: normalised thread names and creation sites. */
final class ExecutorNames {

    private static final int MAX_LENGTH = 120;

    private ExecutorNames() {
    }

    /**
     * Digit runs become {@code #}: {@code pool-3-thread-12} → {@code pool-#-thread-#}. Bounded in length (never
     * cutting a surrogate pair in two); a lone surrogate becomes U+FFFD.
     */
    static String normalise(String threadName) {
        if (threadName == null || threadName.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder(Math.min(threadName.length(), MAX_LENGTH));
        boolean inDigits = false;
        for (int i = 0; i < threadName.length() && sb.length() < MAX_LENGTH; i++) {
            char c = threadName.charAt(i);
            if (c >= '0' && c <= '9') {
                if (!inDigits) {
                    sb.append('#');
                    inDigits = true;
                }
            } else {
                sb.append(c);
                inDigits = false;
            }
        }
        // A label value must be valid UTF-16 to read back from UTF-8: no pair cut in two, no lone half.
        if (sb.length() > 0 && Character.isHighSurrogate(sb.charAt(sb.length() - 1))) {
            sb.setLength(sb.length() - 1);
        }
        for (int i = 0; i < sb.length(); i++) {
            char c = sb.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < sb.length() && Character.isLowSurrogate(sb.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                sb.setCharAt(i, '\uFFFD');
            }
        }
        return sb.toString();
    }

    /**
     * {@code SimpleClassName@File.java:line} of the first frame outside the JDK and Weft on the
     * current stack, below the ledger and the bridge (the code that built or first used the executor);
     * if every frame is the JDK's,
     * the first frame outside {@code java.util.concurrent}. Walks at most 64 frames.
     */
    static String site(Class<?> executorClass) {
        return capture(executorClass, 0).site();
    }

    /** Where an executor was built: its {@link #site} and its creation {@link #stack}, from one stack walk. */
    record Built(String site, StackTraceElement[] stack) {
    }

    /**
     * The site and the creation stack (at most {@code maxDepth} frames) of an executor being built (or
     * first used) on the current thread, from one walk of at most 64 + {@code maxDepth} frames. Once per
     * executor, never per task.
     */
    static Built capture(Class<?> executorClass, int maxDepth) {
        List<StackWalker.StackFrame> frames = StackWalker.getInstance().walk(s -> s
                .dropWhile(f -> isOwn(f.getClassName()))
                .limit(64 + maxDepth)
                .collect(Collectors.toList()));
        return new Built(site(executorClass, frames), stack(executorClass, frames, maxDepth));
    }

    private static boolean isOwn(String c) {
        return c.equals(ExecutorNames.class.getName()) || c.equals(ExecutorLedger.class.getName())
                || c.endsWith(".WeftExecutorBridge");
    }

    /**
     * {@code SimpleClassName@File.java:line} of the first frame outside the JDK and Weft (the code that
     * built or first used the executor); if every frame is the JDK's, the first frame outside
     * {@code java.util.concurrent}. Looks at most at 64 frames.
     */
    private static String site(Class<?> executorClass, List<StackWalker.StackFrame> frames) {
        String simple = executorClass.getSimpleName();
        if (simple.isEmpty()) {
            simple = executorClass.getName().substring(executorClass.getName().lastIndexOf('.') + 1);
        }
        String firstJdk = null;
        for (int i = 0; i < Math.min(64, frames.size()); i++) {
            StackWalker.StackFrame f = frames.get(i);
            String c = f.getClassName();
            boolean jdk = c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.")
                    || c.startsWith("com.sun.");
            if (!jdk) {
                return simple + "@" + frame(f);
            }
            if (firstJdk == null && !c.startsWith("java.util.concurrent.")) {
                firstJdk = frame(f);
            }
        }
        return simple + "@" + (firstJdk != null ? firstJdk : "unknown");
    }

    /**
     * The frames below {@code java.util.concurrent}'s own (constructor chains, {@code Executors.new*},
     * {@code execute}) and the constructors of the executor's own subclasses, at most {@code maxDepth}.
     */
    private static StackTraceElement[] stack(Class<?> executorClass, List<StackWalker.StackFrame> frames,
            int maxDepth) {
        Set<String> own = new HashSet<>();
        for (Class<?> c = executorClass; c != null; c = c.getSuperclass()) {
            own.add(c.getName());
        }
        int i = 0;
        while (i < frames.size() && frames.get(i).getClassName().startsWith("java.util.concurrent.")) {
            i++;
        }
        while (i < frames.size() && own.contains(frames.get(i).getClassName())) {
            i++;
        }
        int n = Math.max(0, Math.min(maxDepth, frames.size() - i));
        StackTraceElement[] out = new StackTraceElement[n];
        for (int k = 0; k < n; k++) {
            out[k] = frames.get(i + k).toStackTraceElement();
        }
        return out;
    }

    private static String frame(StackWalker.StackFrame f) {
        String file = f.getFileName();
        if (file == null) {
            String c = f.getClassName();
            file = c.substring(c.lastIndexOf('.') + 1);
        }
        int line = f.getLineNumber();
        return line > 0 ? file + ":" + line : file;
    }
}
