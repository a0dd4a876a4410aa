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
}
