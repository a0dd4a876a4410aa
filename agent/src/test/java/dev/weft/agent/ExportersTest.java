package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExportersTest {

    @Test
    void codeRevealingEndpointsOnlyOnLoopback() {
        assertTrue(Exporters.isLoopback("127.0.0.1"));
        assertTrue(Exporters.isLoopback("::1"));
        assertFalse(Exporters.isLoopback("0.0.0.0"));
        assertFalse(Exporters.isLoopback("10.1.2.3"));
        assertFalse(Exporters.isLoopback("no-such-host.invalid"));
    }
}
