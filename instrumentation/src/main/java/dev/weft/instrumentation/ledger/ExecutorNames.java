package dev.weft.instrumentation.ledger;

import java.util.Optional;

/** How executors are named: normalised thread names and creation sites. */
final class ExecutorNames {

    private static final int MAX_LENGTH = 120;

    private ExecutorNames() {
    }

    /** Digit runs become {@code #}: {@code pool-3-thread-12} → {@code pool-#-thread-#}. Bounded in length. */
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
        return sb.toString();
    }

    /**
     * {@code SimpleClassName@File.java:line} of the first frame outside the JDK and Weft on the
     * current stack, below the ledger and the bridge (the code that built or first used the executor);
     * if every frame is the JDK's,
     * the first frame outside {@code java.util.concurrent}. Walks at most 64 frames.
     */
    static String site(Class<?> executorClass) {
        String simple = executorClass.getSimpleName();
        if (simple.isEmpty()) {
            simple = executorClass.getName().substring(executorClass.getName().lastIndexOf('.') + 1);
        }
        Optional<String> where = StackWalker.getInstance().walk(frames -> {
            String firstJdk = null;
            for (StackWalker.StackFrame f : (Iterable<StackWalker.StackFrame>) frames.limit(64)::iterator) {
                String c = f.getClassName();
                if (c.equals(ExecutorNames.class.getName()) || c.equals(ExecutorLedger.class.getName())
                        || c.endsWith(".WeftExecutorBridge")) {
                    continue;
                }
                boolean jdk = c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.")
                        || c.startsWith("com.sun.");
                if (!jdk) {
                    return Optional.of(frame(f));
                }
                if (firstJdk == null && !c.startsWith("java.util.concurrent.")) {
                    firstJdk = frame(f);
                }
            }
            return Optional.ofNullable(firstJdk);
        });
        return simple + "@" + where.orElse("unknown");
    }

    /**
     * The current stack below the ledger and the bridge (and {@code java.util.concurrent}'s own
     * frames: constructor chains, {@code Executors.new*}, {@code execute}) and the constructors of the
     * executor's own subclasses, at most {@code maxDepth} frames: where an executor was built. Once per
     * executor, never per task.
     */
    static StackTraceElement[] stack(Class<?> executorClass, int maxDepth) {
        java.util.Set<String> own = new java.util.HashSet<>();
        for (Class<?> c = executorClass; c != null; c = c.getSuperclass()) {
            own.add(c.getName());
        }
        return StackWalker.getInstance().walk(s -> s
                .dropWhile(f -> {
                    String c = f.getClassName();
                    return c.equals(ExecutorNames.class.getName()) || c.equals(ExecutorLedger.class.getName())
                            || c.endsWith(".WeftExecutorBridge");
                })
                .dropWhile(f -> f.getClassName().startsWith("java.util.concurrent."))
                .dropWhile(f -> own.contains(f.getClassName()))
                .limit(maxDepth)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .toArray(StackTraceElement[]::new));
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
