package dev.weft.agent.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A JDK the child-JVM tests run on. The pom names where each claimed JDK lives
 * ({@code weft.test.jdk17}, {@code weft.test.jdk25}); a JDK that is missing makes its tests
 * abort — reported as skipped, with the reason on stderr — never pass.
 */
record Jdk(int feature, Path home) {

    static final List<Integer> CLAIMED = List.of(17, 25);

    /** Every claimed JDK, present or not (for {@code @MethodSource}). */
    static Stream<Jdk> all() {
        return CLAIMED.stream().map(f -> {
            String home = System.getProperty("weft.test.jdk" + f, "");
            return new Jdk(f, home.isEmpty() ? Path.of("/nonexistent-jdk-" + f) : Path.of(home));
        });
    }

    Path java() {
        return home.resolve("bin").resolve("java");
    }

    /** Aborts the calling test (reported as skipped) when this JDK is not installed. */
    Jdk require() {
        if (!Files.isExecutable(java())) {
            String msg = "SKIPPED: JDK " + feature + " not found at " + home
                    + " (set -Dweft.test.jdk" + feature + "=<java home>)";
            System.err.println("!!!!! " + msg);
            Assumptions.abort(msg);
        }
        return this;
    }

    @Override
    public String toString() {
        return "JDK " + feature;
    }
}
