package dev.weft.exporter.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.instrumentation.ledger.ContentionSites;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class ContentionHandlerTest {

    private static void waitedHere(ContentionSites sites, long nanos) {
        sites.record(ReentrantLock.class, "reentrant_lock", nanos);
    }

    private static void waitedThere(ContentionSites sites, long nanos) {
        sites.record(ReentrantLock.class, "reentrant_lock", nanos);
    }

    @Test
    void sitesAreAggregatedByStackMostTotalWaitFirst() {
        ContentionSites sites = new ContentionSites();
        for (long nanos : new long[] {10_000_000, 30_000_000}) {
            waitedHere(sites, nanos); // one call site: one stack
        }
        waitedThere(sites, 50_000_000);
        List<ContentionSites.Site> all = sites.byTotal();
        assertEquals(2, all.size());
        ContentionSites.Site here = all.get(1); // 40 ms in total, after the 50 ms site
        assertEquals(2, here.count());
        assertEquals(40_000_000, here.totalNanos());
        assertEquals(30_000_000, here.maxNanos());
        assertTrue(here.frames().get(0).startsWith(
                "dev.weft.exporter.prometheus.ContentionHandlerTest.waitedHere(ContentionHandlerTest.java:"),
                here.frames().toString());
        assertEquals("java.util.concurrent.locks.ReentrantLock", here.lockClass());

        String text = ContentionHandler.text(all, 0, "20ms");
        assertTrue(text.startsWith("Contended java.util.concurrent lock acquisitions that waited at least 20ms"
                + " (lock.event.threshold), by lock class and acquiring stack, most total wait first: 2 sites.\n\n"
                + "total 50.000 ms  count 1  max 50.000 ms  reentrant_lock  java.util.concurrent.locks.ReentrantLock\n"
                + "    at dev.weft.exporter.prometheus.ContentionHandlerTest.waitedThere(ContentionHandlerTest.java:"),
                text);
        assertTrue(text.contains("total 40.000 ms  count 2  max 30.000 ms  reentrant_lock"), text);

        String json = ContentionHandler.json(all, 3);
        assertTrue(json.startsWith("{\"dropped\":3,\"sites\":[{\"lockClass\":\"java.util.concurrent.locks.ReentrantLock\","
                + "\"kind\":\"reentrant_lock\",\"count\":1,\"totalSeconds\":0.05,\"maxSeconds\":0.05,\"frames\":["
                + "\"dev.weft.exporter.prometheus.ContentionHandlerTest.waitedThere(ContentionHandlerTest.java:"), json);

        String[] lines = ContentionHandler.collapsed(all).split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].endsWith(";dev.weft.exporter.prometheus.ContentionHandlerTest.waitedThere(ContentionHandlerTest.java:"
                + lines[0].replaceAll(".*waitedThere\\(ContentionHandlerTest.java:(\\d+)\\).*", "$1")
                + ");java.util.concurrent.locks.ReentrantLock 50000"), lines[0]);
        assertTrue(!lines[0].contains(" ") || lines[0].indexOf(' ') == lines[0].lastIndexOf(' '), lines[0]);
    }

    @Test
    void sitesAreBounded() {
        ContentionSites sites = new ContentionSites(2);
        for (int i = 0; i < 2; i++) {
            waitedHere(sites, 1); // the second call hits a kept site: still counted
        }
        waitedThere(sites, 1);
        sites.record(Object.class, "other", 1);
        sites.record(String.class, "other", 1);
        assertEquals(2, sites.byTotal().size());
        assertEquals(3, sites.byTotal().stream().mapToLong(ContentionSites.Site::count).sum());
        assertEquals(2, sites.dropped());
    }

    @Test
    void jsonEscapes() {
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", ContentionHandler.quote("a\"b\\c\n\u0001"));
    }
}
