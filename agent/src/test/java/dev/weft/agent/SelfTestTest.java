package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.instrumentation.HookPoint;
import dev.weft.instrumentation.TypeInstrumentation;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.bytebuddy.matcher.ElementMatchers;
import org.junit.jupiter.api.Test;

/** The self-test names exactly the hooks that did not fire, and only those the JDK should have. */
class SelfTestTest {

    private static final class Fake implements TypeInstrumentation {
        final AtomicLong fires = new AtomicLong();
        final AtomicLong silent = new AtomicLong();
        final AtomicLong future = new AtomicLong();
        final boolean canaryThrows;

        Fake(boolean canaryThrows) {
            this.canaryThrows = canaryThrows;
        }

        @Override
        public String typeName() {
            return "java.lang.Fake";
        }

        @Override
        public List<HookPoint> hookPoints() {
            return List.of(
                    new HookPoint("Fake.fires()", ElementMatchers.none(), Object.class, 17, fires::get),
                    new HookPoint("Fake.silent()", ElementMatchers.none(), Object.class, 17, silent::get),
                    new HookPoint("Fake.onlyOn99()", ElementMatchers.none(), Object.class, 99, future::get));
        }

        @Override
        public void exercise(int jdkFeature) {
            fires.incrementAndGet();
            if (canaryThrows) {
                throw new IllegalStateException("canary broke");
            }
        }
    }

    @Test
    void namesTheHookThatDidNotFireAndIgnoresHooksOfLaterJdks() {
        assertEquals(List.of("Fake.silent()"), SelfTest.run(List.of(new Fake(false)), 25));
    }

    @Test
    void aFailingCanaryIsReportedToo() {
        assertEquals(List.of("java.lang.Fake (canary failed: java.lang.IllegalStateException: canary broke)",
                "Fake.silent()"), SelfTest.run(List.of(new Fake(true)), 25));
    }
}
