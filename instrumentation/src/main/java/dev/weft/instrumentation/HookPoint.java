package dev.weft.instrumentation;

import java.util.function.LongSupplier;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One advised method: where the hook goes, which advice class is inlined there, and on which JDKs
 * it must exist. The self-test expects every hook point whose {@link #minJdk()} is at most the
 * running JDK's feature version to fire.
 *
 * @param id         stable name used in logs, the self-test and the index page (e.g. {@code Thread.start()})
 * @param method     strict matcher ({@code named(..).and(takesArguments(n))}) so that a JDK that changes
 *                   the signature makes the hook miss visibly rather than match the wrong method
 * @param advice     the advice class (a nested {@code public static class}); inlined, never loaded by the JDK class
 * @param minJdk     first JDK feature version that has this method
 * @param calls      a count in the bridge that grows when the advice has run (the number of runs, or for
 *                   the I/O hooks only whether it ran since the last look), for the self-test
 */
public record HookPoint(
        String id,
        ElementMatcher<? super MethodDescription> method,
        Class<?> advice,
        int minJdk,
        LongSupplier calls) {

    /** Whether the running JDK should have this method. */
    public boolean expectedOn(int jdkFeature) {
        return jdkFeature >= minJdk;
    }
}
