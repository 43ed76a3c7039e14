package org.slapos.instancenode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slapos.instancenode.engine.Incomplete;
import org.slapos.instancenode.engine.RunOnce;
import org.slapos.instancenode.store.FirstRows;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;

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
            new FirstRows(invalid, invalid.size()),
            new FirstRows(warned, warned.size()),
            Path.of("request.sqlite"),
            incomplete);
    StringWriter text = new StringWriter();
    new PassSummary(summary).print(new PrintWriter(text, true));
    return text.toString();
  }

  /**
   * A real request DB with {@code count} invalid and {@code count} warned entries, written in
   * reverse order, among valid, stopped and legacy rows: the summary reads the first {@link
   * RunOnce.Summary#SHOWN} of each by reference and counts the rest, and prints what printing every
   * row cut at {@code SHOWN} printed.
   */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 50, 51, 1234})
  void theFirstFiftyByReferenceAreNamedAndTheRestCounted(int count, @TempDir Path dir) {
    Path file = dir.resolve("request.sqlite");
    try (InstanceStore requestDb = InstanceStore.openRequestDb(file)) {
      List<InstanceRow> rows = new ArrayList<>();
      for (int i = count - 1; i >= 0; i--) {
        rows.add(
            row(
                "BAD-%04d".formatted(i),
                InstanceRow.INVALID,
                "{\"errors\": [\"bad %d\"], \"message\": \"bad %d\", \"reason\": \"schema\"}"
                    .formatted(i, i)));
        rows.add(
            row(
                "WARN-%04d".formatted(i),
                InstanceRow.VALID,
                "{\"warnings\": [\"w %d\"]}".formatted(i)));
      }
      rows.add(row("OK", InstanceRow.VALID, "{}"));
      rows.add(row("GONE", InstanceRow.STOPPED, "{}"));
      // Written by earlier SlapOS releases: neither "invalid" nor "valid", so neither listed.
      rows.add(row("LEGACY-0", "0", "{\"message\": \"m\", \"reason\": \"schema\"}"));
      rows.add(row("LEGACY-1", "1", "{\"warnings\": [\"w\"]}"));
      requestDb.write(rows, List.of());

      InstanceStore.Overview overview = requestDb.overview(RunOnce.Summary.SHOWN);
      RunOnce.Summary summary =
          new RunOnce.Summary(
              "file:x",
              Optional.empty(),
              Duration.ZERO,
              0,
              Duration.ZERO,
              0,
              0,
              overview.byStateAndReason(),
              overview.invalid(),
              overview.warned(),
              requestDb.file(),
              Optional.empty());
      StringWriter text = new StringWriter();
      new PassSummary(summary).print(new PrintWriter(text, true));

      int shown = Math.min(count, 50);
      StringBuilder expected =
          new StringBuilder(
              "entries: %d valid, %d invalid, 1 stopped\n".formatted(count + 1, count));
      if (count > 0) {
        expected.append("invalid by reason: schema=%d\ninvalid entries:\n".formatted(count));
      }
      for (int i = 0; i < shown; i++) {
        expected.append("  BAD-%04d\n    - bad %d\n".formatted(i, i));
      }
      if (count > 50) {
        expected.append(
            "  ... and %d more: sqlite3 %s \"SELECT reference, json_error FROM instance WHERE"
                    .formatted(count - 50, file)
                + " valid_parameter = 'invalid'\"\n");
      }
      if (count > 0) {
        expected.append("valid entries with warnings:\n");
      }
      for (int i = 0; i < shown; i++) {
        expected.append("  WARN-%04d\n    warning: w %d\n".formatted(i, i));
      }
      if (count > 50) {
        expected.append("  ... and %d more\n".formatted(count - 50));
      }
      String out = text.toString();
      assertEquals(expected.toString(), out.substring(out.indexOf("entries: ")));
    }
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
