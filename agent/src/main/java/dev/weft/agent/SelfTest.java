package dev.weft.agent;

import dev.weft.instrumentation.HookPoint;
import dev.weft.instrumentation.TypeInstrumentation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * After installation, drives each instrumentation's canary ({@link TypeInstrumentation#exercise})
 * and names every hook point that did not fire, so that a future JDK that renames a method makes
 * Weft say so instead of running half-blind.
 */
final class SelfTest {

    private SelfTest() {
    }

    /** @return the ids of expected hook points that did not fire; empty when all is well */
    static List<String> run(List<TypeInstrumentation> types, int jdkFeature) {
        Map<HookPoint, Long> before = new LinkedHashMap<>();
        for (TypeInstrumentation t : types) {
            if (!t.exercisedBySelfTest()) {
                continue; // installed (the installer reports transformation errors), not fired here
            }
            for (HookPoint h : t.hookPoints()) {
                before.put(h, h.calls().getAsLong());
            }
        }
        List<String> failedCanaries = new ArrayList<>();
        for (TypeInstrumentation t : types) {
            try {
                t.exercise(jdkFeature);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failedCanaries.add(t.typeName() + " (self-test interrupted)");
            } catch (Throwable e) {
                failedCanaries.add(t.typeName() + " (canary failed: " + e + ")");
            }
        }
        List<String> missing = new ArrayList<>(failedCanaries);
        for (Map.Entry<HookPoint, Long> e : before.entrySet()) {
            HookPoint h = e.getKey();
            if (h.expectedOn(jdkFeature) && h.calls().getAsLong() == e.getValue()) {
                missing.add(h.id());
            }
        }
        return missing;
    }
}
