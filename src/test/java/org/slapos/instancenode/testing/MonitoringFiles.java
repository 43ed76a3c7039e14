package org.slapos.instancenode.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What {@code deploy/prometheus/alerts.yml} and the Grafana dashboard ask Prometheus for. */
public final class MonitoringFiles {
  public static final Path ALERTS = Path.of("deploy/prometheus/alerts.yml");
  public static final Path ALERT_TESTS = Path.of("deploy/prometheus/alerts.test.yml");
  public static final Path DASHBOARD = Path.of("deploy/grafana/cdn-instance-node.json");

  private MonitoringFiles() {}

  /** Every alerting rule of {@link #ALERTS}: its name and expression. */
  public static Map<String, String> alertExpressions() throws IOException {
    Map<String, String> alerts = new TreeMap<>();
    for (JsonNode group : yaml(ALERTS).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        alerts.put(rule.path("alert").asText(), rule.path("expr").asText());
      }
    }
    return alerts;
  }

  /** The expression of every query target of every panel of {@link #DASHBOARD}. */
  public static List<String> dashboardExpressions() throws IOException {
    List<String> expressions = new ArrayList<>();
    collectTargets(new ObjectMapper().readTree(DASHBOARD.toFile()).path("panels"), expressions);
    return expressions;
  }

  private static void collectTargets(JsonNode panels, List<String> expressions) {
    for (JsonNode panel : panels) {
      panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
      // A row panel holds its collapsed panels.
      collectTargets(panel.path("panels"), expressions);
    }
  }

  public static JsonNode yaml(Path file) throws IOException {
    return new YAMLMapper().readTree(file.toFile());
  }
}
