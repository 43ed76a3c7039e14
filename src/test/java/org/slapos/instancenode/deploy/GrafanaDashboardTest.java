package org.slapos.instancenode.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.testing.Command;
import org.slapos.instancenode.testing.MonitoringFiles;

/**
 * {@code deploy/grafana/cdn-instance-node.json} is a dashboard Grafana imports: the model's
 * required fields, unique panel ids, panels on the 24-column grid with a data source, and query
 * targets whose PromQL Prometheus parses (each checked by {@code promtool} as a recording rule,
 * Grafana's variables given sample values).
 */
class GrafanaDashboardTest {
  @TempDir Path dir;

  private static JsonNode dashboard() throws Exception {
    return new ObjectMapper().readTree(MonitoringFiles.DASHBOARD.toFile());
  }

  @Test
  void theModelHasWhatGrafanaNeeds() throws Exception {
    JsonNode dashboard = dashboard();

    assertEquals("cdn-instance-node", dashboard.path("uid").asText());
    assertFalse(dashboard.path("title").asText().isEmpty());
    assertTrue(dashboard.path("schemaVersion").asInt() >= 36);
    Set<String> variables = new HashSet<>();
    dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
    assertEquals(Set.of("datasource", "job", "instance"), variables);
  }

  @Test
  void panelsHaveUniqueIdsAndFitTheGrid() throws Exception {
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard().path("panels")) {
      String name = panel.path("title").asText();
      assertTrue(ids.add(panel.path("id").asInt()), "duplicate id: " + name);
      JsonNode grid = panel.path("gridPos");
      assertTrue(grid.path("w").asInt() > 0 && grid.path("h").asInt() > 0, name);
      assertTrue(grid.path("x").asInt() + grid.path("w").asInt() <= 24, name);
      if (panel.path("type").asText().equals("row")) {
        continue;
      }
      assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), name);
      assertFalse(panel.path("targets").isEmpty(), name);
      Set<String> refIds = new HashSet<>();
      for (JsonNode target : panel.path("targets")) {
        assertTrue(refIds.add(target.path("refId").asText()), "duplicate refId in " + name);
        assertFalse(target.path("expr").asText().isBlank(), name);
      }
    }
  }

  @Test
  void everyQueryIsPromQlPrometheusParses() throws Exception {
    List<String> expressions = MonitoringFiles.dashboardExpressions();
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    for (int i = 0; i < expressions.size(); i++) {
      String expression = expressions.get(i).replace("$__rate_interval", "5m");
      rules
          .append("      - record: dashboard:query")
          .append(i)
          .append("\n        expr: ")
          .append(new ObjectMapper().writeValueAsString(expression))
          .append('\n');
    }
    Path file = Files.writeString(dir.resolve("dashboard-queries.yml"), rules);

    Command check = Command.run(null, "/usr/bin/promtool", "check", "rules", file.toString());

    assertEquals(0, check.exit(), check.output());
    assertTrue(check.output().contains(expressions.size() + " rules found"), check.output());
  }
}
