package dev.weft.agent.boot;

import com.sun.tools.attach.VirtualMachine;
import java.io.File;

/**
 * {@code java -jar weft-agent.jar attach <pid> [key=value,...]}: loads the agent into a running JVM
 * (its {@code agentmain}), which then reports the same as if started with {@code -javaagent}: the
 * JDK classes are retransformed and the threads already running are seeded into the ledger.
 * Kept apart from {@link WeftAgent} so premain never loads the attach API.
 */
final class Attach {

    private Attach() {
    }

    /** @return the process exit code */
    static int run(String pid, String options, File agentJar) {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(pid);
        } catch (Throwable t) {
            System.err.println("weft: cannot attach to process " + pid + ": " + t.getMessage()
                    + " (is it a JVM of the same user, started without -XX:+DisableAttachMechanism?)");
            return 1;
        }
        try {
            vm.loadAgent(agentJar.getAbsolutePath(), options);
            System.out.println("weft: attached to process " + pid
                    + "; its start-up line and any problems are on its standard error");
            return 0;
        } catch (Throwable t) {
            System.err.println("weft: attached to process " + pid + " but loading the agent failed: " + t);
            return 1;
        } finally {
            try {
                vm.detach();
            } catch (Throwable ignored) {
                // the target may already be gone
            }
        }
    }
}
