package dev.weft.instrumentation;

import dev.weft.instrumentation.thread.ThreadInstrumentation;
import dev.weft.instrumentation.thread.VirtualThreadInstrumentation;
import java.util.List;

/** Every hook Weft installs, in installation order. */
public final class Instrumentations {

    private Instrumentations() {
    }

    /** All type instrumentations. */
    public static List<TypeInstrumentation> all() {
        return List.of(new ThreadInstrumentation(), new VirtualThreadInstrumentation());
    }
}
