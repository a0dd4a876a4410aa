package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.agent.config.Config;
import dev.weft.exporter.prometheus.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Decisions the agent makes before it starts the endpoint. */
class ExportersTest {

    private static Config config(String args) {
        List<String> warnings = new ArrayList<>();
        Config c = Config.load(args, new Properties(), Map.of(), warnings::add);
        assertEquals(List.of(), warnings);
        return c;
    }

    @Test
    void codeEndpointsFollowTheBindAddressUnlessSetExplicitly() {
        assertTrue(Exporters.codeEndpoints("auto", "127.0.0.1"));
        assertTrue(Exporters.codeEndpoints("auto", "localhost"));
        assertTrue(Exporters.codeEndpoints("auto", "::1"));
        assertFalse(Exporters.codeEndpoints("auto", "0.0.0.0"), "the wildcard address is reachable from outside");
        assertFalse(Exporters.codeEndpoints("auto", "no-such-host.invalid"));
        assertTrue(Exporters.codeEndpoints("on", "0.0.0.0"));
        assertFalse(Exporters.codeEndpoints("off", "127.0.0.1"));
    }

    @Test
    void loopbackMeansEveryAddressOfTheNameIsLoopback() {
        assertTrue(Exporters.isLoopback("127.0.0.1"));
        assertTrue(Exporters.isLoopback("::1"));
        assertFalse(Exporters.isLoopback("0.0.0.0"));
        assertFalse(Exporters.isLoopback("10.1.2.3"));
        assertFalse(Exporters.isLoopback("no-such-host.invalid"));
    }

    @Test
    void noSecurityByDefault() {
        Security s = Exporters.security(config(null));
        assertFalse(s.authenticates());
        assertNull(s.tls());
    }

    @Test
    void aUserWithoutPasswordKeepsTheEndpointOff() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Exporters.security(config("auth.user=scraper")));
        assertEquals("auth.user is set but auth.password is empty", e.getMessage());
    }

    @Test
    void anUnusableKeyStoreKeepsTheEndpointOffAndSaysWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Exporters.security(config("tls.keystore=/nonexistent/weft.p12,tls.keystore.password=x")));
        assertTrue(e.getMessage().startsWith("cannot use tls.keystore=/nonexistent/weft.p12: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void passwordsAreNeverShownInTheConfiguration() {
        Config c = config("auth.user=u,auth.password=s3cret,tls.keystore.password=hunter2");
        assertFalse(c.toString().contains("s3cret"), c.toString());
        assertFalse(c.toString().contains("hunter2"), c.toString());
        Security s = Exporters.security(c);
        assertTrue(s.authenticates());
        assertNotNull(s.password());
    }
}
