package dev.weft.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The one file users attach: what is in it, and what its manifest says. */
class AgentJarIT {

    private static List<String> entries() throws IOException {
        try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile())) {
            List<String> names = new ArrayList<>();
            for (JarEntry e : Collections.list(jar.entries())) {
                names.add(e.getName());
            }
            return names;
        }
    }

    @Test
    void holdsOnlyOurPackageAndMetaInf() throws IOException {
        List<String> stray = entries().stream()
                .filter(n -> !(n.startsWith("dev/weft/") || n.equals("dev/") || n.startsWith("META-INF/")))
                .toList();
        assertEquals(List.of(), stray);
    }

    @Test
    void onlyThePremainStubIsLoadableByTheSystemClassLoader() throws IOException {
        List<String> classes = entries().stream().filter(n -> n.endsWith(".class")).toList();
        assertFalse(classes.isEmpty());
        for (String c : classes) {
            assertTrue(c.startsWith("dev/weft/agent/boot/"), "loadable class outside the boot stub: " + c);
        }
    }

    @Test
    void thirdPartyCodeIsRelocatedAndIsolated() throws IOException {
        List<String> names = entries();
        assertTrue(names.contains("dev/weft/inst/dev/weft/shaded/net/bytebuddy/agent/builder/AgentBuilder.classdata"));
        assertTrue(names.stream().anyMatch(n -> n.startsWith("dev/weft/inst/dev/weft/shaded/io/prometheus/")));
        assertTrue(names.stream().anyMatch(n -> n.startsWith("dev/weft/inst/dev/weft/shaded/org/HdrHistogram/")));
        // Everything under inst/ that is code is relocated under dev.weft (ours or shaded).
        List<String> unrelocated = names.stream()
                .filter(n -> n.startsWith("dev/weft/inst/") && n.endsWith(".classdata"))
                .filter(n -> !n.startsWith("dev/weft/inst/dev/weft/"))
                .toList();
        assertEquals(List.of(), unrelocated);
        assertFalse(names.stream().anyMatch(n -> n.contains("META-INF/versions/")), "multi-release entries");
        assertTrue(names.contains("dev/weft/bootstrap/WeftBridge.classdata"), "the bridge");
    }

    @Test
    void manifestDeclaresTheAgent() throws IOException {
        try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile())) {
            Attributes a = jar.getManifest().getMainAttributes();
            assertEquals("dev.weft.agent.boot.WeftAgent", a.getValue("Premain-Class"));
            assertEquals("dev.weft.agent.boot.WeftAgent", a.getValue("Agent-Class"));
            assertEquals("true", a.getValue("Can-Retransform-Classes"));
            assertEquals("true", a.getValue("Can-Redefine-Classes"));
            assertEquals(null, a.getValue("Multi-Release"));
            assertEquals(null, a.getValue("Boot-Class-Path"), "nothing may be appended to the bootstrap path");
        }
    }
}
