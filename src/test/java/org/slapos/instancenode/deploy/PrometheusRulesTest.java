package org.slapos.instancenode.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.testing.Command;
import org.slapos.instancenode.testing.MonitoringFiles;

/**
 * {@code deploy/prometheus/alerts.yml} passes {@code promtool check rules} and its unit tests
 * ({@code promtool test rules}), and every alert has a test that makes it fire. promtool comes from
 * Debian's {@code prometheus} package, which {@code .ci/run} installs.
 */
class PrometheusRulesTest {
  private static final String PROMTOOL = "/usr/bin/promtool";

  @Test
  void rulesPassPromtoolCheck() throws Exception {
    Command check = promtool("check", "rules", MonitoringFiles.ALERTS.toString());

    assertEquals(0, check.exit(), check.output());
    assertTrue(check.output().contains("SUCCESS"), check.output());
  }

  @Test
  void ruleUnitTestsPass() throws Exception {
    Command test = promtool("test", "rules", MonitoringFiles.ALERT_TESTS.toString());

    assertEquals(0, test.exit(), test.output());
    assertTrue(test.output().contains("SUCCESS"), test.output());
  }

  @Test
  void everyAlertHasATestWhereItFires() throws Exception {
    Set<String> fired = new TreeSet<>();
    for (JsonNode test : MonitoringFiles.yaml(MonitoringFiles.ALERT_TESTS).path("tests")) {
      for (JsonNode expectation : test.path("alert_rule_test")) {
        if (!expectation.path("exp_alerts").isEmpty()) {
          fired.add(expectation.path("alertname").asText());
        }
      }
    }

    assertEquals(MonitoringFiles.alertExpressions().keySet(), fired);
  }

  private static Command promtool(String... arguments) throws Exception {
    assertTrue(
        new java.io.File(PROMTOOL).canExecute(),
        PROMTOOL + " is missing: install Debian's prometheus package (.ci/run does)");
    String[] command = new String[arguments.length + 1];
    command[0] = PROMTOOL;
    System.arraycopy(arguments, 0, command, 1, arguments.length);
    return Command.run(null, command);
  }
}
