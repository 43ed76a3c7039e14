package org.slapos.instancenode.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.engine.Incomplete;
import org.slapos.instancenode.engine.RunOnce;
import org.slapos.instancenode.store.InstanceRow;

class PassSummaryTest {

  private static InstanceRow row(String reference, String state, String jsonError) {
    return new InstanceRow(reference, "{}", jsonError, "h", "1", state);
  }

  private static String printed(
      int reconciled,
      int lookups,
      int waiting,
      Map<String, Map<String, Integer>> counts,
      List<InstanceRow> invalid,
      List<InstanceRow> warned) {
    return printed(reconciled, lookups, waiting, counts, invalid, warned, Optional.empty());
  }

  private static String printed(
      int reconciled,
      int lookups,
      int waiting,
      Map<String, Map<String, Integer>> counts,
      List<InstanceRow> invalid,
      List<InstanceRow> warned,
      Optional<Incomplete> incomplete) {
    RunOnce.Summary summary =
        new RunOnce.Summary(
            "file:x",
            Optional.empty(),
            Duration.ZERO,
            reconciled,
            Duration.ZERO,
            lookups,
            waiting,
            counts,
            invalid,
            warned,
            Path.of("request.sqlite"),
            incomplete);
    StringWriter text = new StringWriter();
    new PassSummary(summary).print(new PrintWriter(text, true));
    return text.toString();
  }

  @Test
  void warningsAreShownForInvalidAndValidEntries() {
    InstanceRow invalid =
        row(
            "BAD",
            InstanceRow.INVALID,
            "{\"errors\": [\"ciphers: cipher X is not supported\"], \"message\": \"m\","
                + " \"reason\": \"cipher-unsupported\", \"warnings\": [\"cipher A is"
                + " translated to B\"]}");
    InstanceRow warned =
        row("OK", InstanceRow.VALID, "{\"warnings\": [\"ssl_crt expires on 2030-01-01\"]}");
    String out =
        printed(
            2,
            3,
            5,
            Map.of(
                InstanceRow.INVALID, Map.of("cipher-unsupported", 1),
                InstanceRow.VALID, Map.of("", 1)),
            List.of(invalid),
            List.of(warned));
    assertTrue(out.contains("dns: 3 lookups, 5 challenges waiting for their next check\n"), out);
    assertTrue(
        out.contains(
            "  BAD\n    - ciphers: cipher X is not supported\n"
                + "    warning: cipher A is translated to B\n"),
        out);
    assertTrue(
        out.contains(
            "valid entries with warnings:\n  OK\n    warning: ssl_crt expires on 2030-01-01\n"),
        out);
  }

  @Test
  void whatUsersWroteCannotForgeALineOfTheSummary() {
    InstanceRow forged =
        row(
            "EVIL\nvalid: 100 (forged)",
            InstanceRow.INVALID,
            "{\"errors\": [\"server-alias: bad\\u2028name\"], \"message\": \"m\","
                + " \"reason\": \"alias-invalid\"}");
    String out =
        printed(
            1,
            0,
            0,
            Map.of(InstanceRow.INVALID, Map.of("alias-invalid", 1)),
            List.of(forged),
            List.of());
    assertTrue(out.contains("  EVIL\\nvalid: 100 (forged)\n"), out);
    assertTrue(out.contains("    - server-alias: bad\\u2028name\n"), out);
    assertTrue(out.lines().noneMatch(l -> l.startsWith("valid: 100")), out);
    assertTrue(out.chars().noneMatch(c -> c == 0x2028), out);
  }

  @Test
  void anIncompleteRunEndsWithHowManyEntriesItLeftAndWhy() {
    TreeMap<String, List<String>> byWhy = new TreeMap<>();
    byWhy.put("DNS did not answer (timeout from 127.0.0.1:53)", List.of("A", "B", "C"));
    byWhy.put("not reached before the deadline", List.of("D\nforged"));
    String out =
        printed(
            4,
            9,
            0,
            Map.of(),
            List.of(),
            List.of(),
            Optional.of(new Incomplete(Duration.ofMillis(1500), byWhy, List.of())));
    assertTrue(
        out.endsWith(
            "incomplete: run-once-deadline (1.5 s) reached; the entries not checked are left as"
                + " they were, for the next run:\n"
                + "  3 entries not checked: DNS did not answer (timeout from 127.0.0.1:53)\n"
                + "  1 entry not checked: not reached before the deadline\n"),
        out);
  }

  @Test
  void aCompleteRunSaysNothingOfTheDeadline() {
    String out = printed(1, 0, 0, Map.of(), List.of(), List.of());
    assertFalse(out.contains("incomplete"), out);
  }
}
