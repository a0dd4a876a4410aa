package dev.weft.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The dashboard file's shape, without Grafana or Prometheus: what import needs (the
 * {@code DS_PROMETHEUS} input, the {@code datasource}, {@code job} and {@code instance} variables),
 * every panel and target on the {@code $datasource} variable, every selector filtered by job and
 * instance, unique panel ids and no overlapping panels. {@link DashboardPrometheusIT} checks the
 * queries themselves against a real Prometheus.
 */
class DashboardJsonTest {

    private static final String SELECTOR = "{job=\"$job\",instance=~\"$instance\"";

    @Test
    void importReadyWithVariablesAndEverySelectorFiltered() throws Exception {
        Map<?, ?> d = (Map<?, ?>) Json.parse(Files.readString(DashboardPrometheusIT.DASHBOARD));
        Map<?, ?> input = (Map<?, ?>) ((List<?>) d.get("__inputs")).get(0);
        assertEquals("DS_PROMETHEUS", input.get("name"));
        assertEquals("prometheus", input.get("pluginId"));
        List<?> vars = (List<?>) ((Map<?, ?>) d.get("templating")).get("list");
        List<Object> names = new ArrayList<>();
        for (Object v : vars) {
            names.add(((Map<?, ?>) v).get("name"));
        }
        assertEquals(List.of("datasource", "job", "instance"), names);
        assertEquals("${DS_PROMETHEUS}", ((Map<?, ?>) ((Map<?, ?>) vars.get(0)).get("current")).get("value"));
        assertEquals(null, d.get("id"), "an exported dashboard has no id");

        Set<Object> ids = new HashSet<>();
        List<int[]> boxes = new ArrayList<>();
        int targets = 0;
        for (Object o : (List<?>) d.get("panels")) {
            Map<?, ?> p = (Map<?, ?>) o;
            assertTrue(ids.add(p.get("id")), "duplicate id " + p.get("id"));
            Map<?, ?> g = (Map<?, ?>) p.get("gridPos");
            int[] box = {num(g.get("x")), num(g.get("y")), num(g.get("w")), num(g.get("h"))};
            assertTrue(box[0] + box[2] <= 24, "wider than the grid: " + p.get("title"));
            for (int[] b : boxes) {
                boolean overlap = box[0] < b[0] + b[2] && b[0] < box[0] + box[2] && box[1] < b[1] + b[3] && b[1] < box[1] + box[3];
                assertTrue(!overlap, "overlaps another panel: " + p.get("title"));
            }
            boxes.add(box);
            if ("row".equals(p.get("type"))) {
                continue;
            }
            assertEquals("${datasource}", ((Map<?, ?>) p.get("datasource")).get("uid"), String.valueOf(p.get("title")));
            assertTrue(p.get("description") instanceof String, "no description: " + p.get("title"));
            for (Object t : (List<?>) p.get("targets")) {
                Map<?, ?> target = (Map<?, ?>) t;
                String expr = (String) target.get("expr");
                assertEquals("${datasource}", ((Map<?, ?>) target.get("datasource")).get("uid"), expr);
                assertEquals(expr.split("\\{", -1).length - 1, expr.split(java.util.regex.Pattern.quote(SELECTOR), -1).length - 1,
                        "a selector without the job and instance filters: " + expr);
                targets++;
            }
        }
        assertEquals(targets, DashboardPrometheusIT.panelQueries(Files.readString(DashboardPrometheusIT.DASHBOARD)).size());
    }

    private static int num(Object o) {
        return ((Double) o).intValue();
    }
}
