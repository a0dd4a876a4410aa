package dev.weft.instrumentation;

import java.util.List;

/**
 * The hooks for one JDK type: its exact name and one {@link HookPoint} per advised method.
 * Type matching is by exact name only: it is cheap for the agent builder's ignore matcher and
 * it never reaches into application classes.
 */
public interface TypeInstrumentation {

    /** Binary name of the type to transform, e.g. {@code java.lang.Thread}. */
    String typeName();

    /** The advised methods of that type. */
    List<HookPoint> hookPoints();

    /**
     * The self-test canary: does, on the calling (agent) thread, whatever makes every hook point of
     * this type that exists on the running JDK fire at least once, and waits (with a deadline) until
     * it has. Must leave nothing behind (no live threads, no pools).
     *
     * @param jdkFeature the running JDK's feature version
     */
    void exercise(int jdkFeature) throws Exception;

    /**
     * Whether {@link #exercise} makes the hooks fire. When exercising them would change the
     * application (the first virtual thread creates the JDK's virtual-thread scheduler), the
     * self-test only checks that they were installed without a transformation error.
     */
    default boolean exercisedBySelfTest() {
        return true;
    }
}
