package dev.weft.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.weft.bridge.WeftBridge;
import dev.weft.instrumentation.HookPoint;
import dev.weft.instrumentation.TypeInstrumentation;
import dev.weft.instrumentation.fault.TestFaults;
import dev.weft.instrumentation.fault.ThrowingAdvice;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs every {@link TypeInstrumentation} with Byte Buddy: inlined advice, retransformation of
 * the JDK classes that are already loaded, no class-format changes (retransformation forbids new
 * fields and methods), and a suppression handler that counts advice failures in
 * {@link WeftBridge#internalErrors()}.
 */
final class Installer {

    /** Byte Buddy reads this (relocated) property while {@link AgentBuilder.Default} is built. */
    private static final String NEXUS_DISABLED = "net.bytebuddy.nexus.disabled";

    /** What happened during installation. */
    record Result(List<String> transformed, Map<String, String> errors, ResettableClassFileTransformer transformer) {
    }

    private Installer() {
    }

    /**
     * @param faults the test-only fault switch ({@link TestFaults}): also inline {@link ThrowingAdvice}
     *               at every hook point
     */
    static Result install(Instrumentation inst, List<TypeInstrumentation> types, ClassLoader adviceLoader,
            boolean faults) throws NoSuchMethodException {
        preload();
        List<String> transformed = Collections.synchronizedList(new ArrayList<>());
        Map<String, String> errors = Collections.synchronizedMap(new LinkedHashMap<>());
        AgentBuilder.Listener listener = new AgentBuilder.Listener.Adapter() {
            @Override
            public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module,
                    boolean loaded, DynamicType dynamicType) {
                transformed.add(type.getName());
            }

            @Override
            public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
                    Throwable throwable) {
                errors.put(typeName, String.valueOf(throwable));
            }
        };

        Advice.ExceptionHandler countFailures = new Advice.ExceptionHandler.Simple(MethodInvocation.invoke(
                new MethodDescription.ForLoadedMethod(WeftBridge.class.getMethod("adviceFailed", Throwable.class))));

        List<String> names = new ArrayList<>();
        for (TypeInstrumentation t : types) {
            names.add(t.typeName());
        }
        AgentBuilder builder = newAgentBuilder()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                // POOL_FIRST: a class another agent changed (e.g. OpenTelemetry adds interfaces from its own
                // bootstrap jar) may not resolve from class files alone; fall back to the loaded class.
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
                .with(AgentBuilder.PoolStrategy.Default.FAST)
                .with(listener)
                // Only the exact JDK types we hook are ever looked at: cheap to match, and application
                // classes are never touched.
                .ignore(not(namedOneOf(names.toArray(new String[0]))));
        for (TypeInstrumentation t : types) {
            AgentBuilder.Transformer.ForAdvice advice = new AgentBuilder.Transformer.ForAdvice()
                    .include(adviceLoader)
                    .withExceptionHandler(countFailures);
            for (HookPoint h : t.hookPoints()) {
                advice = advice.advice(h.method(), h.advice().getName());
                if (faults) {
                    advice = advice.advice(h.method(), ThrowingAdvice.class.getName());
                }
            }
            builder = builder.type(named(t.typeName())).transform(advice);
        }
        ResettableClassFileTransformer transformer = builder.installOn(inst);
        return new Result(List.copyOf(transformed), Map.copyOf(errors), transformer);
    }

    /**
     * Byte Buddy's nexus initialises {@code ClassInjector.UsingUnsafe}, which on JDK 24+ prints
     * "terminally deprecated method in sun.misc.Unsafe" warnings. We use no loaded type
     * initializers, so the nexus is switched off while the builder is made.
     */
    private static AgentBuilder newAgentBuilder() {
        String previous = System.getProperty(NEXUS_DISABLED);
        System.setProperty(NEXUS_DISABLED, "true");
        try {
            // As the OpenTelemetry agent configures it: only declared methods are looked at and the
            // instrumented type is frozen, so Byte Buddy never resolves a JDK class's whole hierarchy
            // (which fails when another agent added interfaces its class files cannot describe).
            return new AgentBuilder.Default(new ByteBuddy()
                    .with(TypeValidation.DISABLED)
                    .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
                    .with(InstrumentedType.Factory.Default.FROZEN)
                    .with(VisibilityBridgeStrategy.Default.NEVER));
        } finally {
            if (previous == null) {
                System.clearProperty(NEXUS_DISABLED);
            } else {
                System.setProperty(NEXUS_DISABLED, previous);
            }
        }
    }

    /**
     * Classes that Byte Buddy's transformer itself needs while it transforms: if their first load
     * happened inside a transformation of a class they depend on, the JVM would throw a permanent
     * ClassCircularityError (raphw/byte-buddy#1666).
     */
    private static void preload() {
        ThreadLocalRandom.current();
        try {
            Class.forName("java.lang.invoke.MethodHandle$1");
        } catch (Throwable absent) {
            // only exists (and only matters) on some JDKs
        }
    }
}
