package org.slapos.instancenode.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.store.IntegrityCheck;
import org.slapos.instancenode.testing.NodeDir;
import org.slapos.instancenode.testing.PythonInstanceDb;
import org.slapos.instancenode.testing.RecordingBangTarget;
import org.slapos.instancenode.testing.SqliteCli;

/**
 * A run-once's pass that skips the cache when the stored state shows nothing to do ({@link
 * Pass#runUnlessIdle()}) is exactly as safe as the full pass: on a steady drop-in node, whatever
 * changed in the instance DB or the request DB, it skips only when the full pass would queue
 * nothing, and otherwise is the full pass.
 */
class IdlePassTest {
  private static final int ENTRIES = 12;

  @TempDir Path dir;
  private NodeDir files;
  private PythonInstanceDb instanceDb;
  private final Clock clock = Clock.systemUTC();

  private static ObjectNode parameters(int entry, int version) {
    return Json.MAPPER
        .createObjectNode()
        .put("url", "http://backend" + entry + ".example.net/v" + version);
  }

  private static String reference(int entry) {
    return "SHARED-" + entry;
  }

  @BeforeEach
  void steadyNode() throws Exception {
    files = new NodeDir(dir);
    files.writeConfig("desired-state = instance-db", "instance-retention-delay = 1h");
    instanceDb = PythonInstanceDb.create(files.instanceDb());
    PythonInstanceDb.Change change = instanceDb.change();
    for (int i = 0; i < ENTRIES; i++) {
      switch (i % 4) {
        case 0 -> change.invalid(reference(i), parameters(i, 0), "'x' is not valid");
        case 1 -> change.stopped(reference(i), parameters(i, 0));
        default -> change.valid(reference(i), parameters(i, 0));
      }
    }
    change.commit();
    runOnce();
    Plans steady = plans();
    assertFalse(steady.once().synced(), "a steady node's run skips the cache");
    assertTrue(steady.full().plan().idle());
  }

  private NodeConfig config() {
    return NodeConfig.load(files.config());
  }

  private void runOnce() throws InterruptedException {
    RunOnce.run(config(), Optional.empty(), new RecordingBangTarget(), clock);
  }

  /** The run-once's pass and the full pass, each by a node of its own over the same files. */
  private record Plans(Pass.Report once, Pass.Report full) {}

  private Plans plans() throws Exception {
    // A full pass writes (the removals it holds): each pass starts from the same files, left so.
    Path before = dir.resolve("before");
    Files.createDirectories(before);
    for (Path db : files.databases()) {
      copyDatabase(db, before.resolve(db.getFileName()));
    }
    Pass.Report once;
    try (Node node =
        Node.open(
            config(), IntegrityCheck.QUICK, new RecordingBangTarget(), NodeMetrics.NONE, clock)) {
      once = node.passOnce();
    }
    restore(before);
    Pass.Report full;
    try (Node node =
        Node.open(
            config(), IntegrityCheck.QUICK, new RecordingBangTarget(), NodeMetrics.NONE, clock)) {
      full = node.pass(true);
    }
    restore(before);
    return new Plans(once, full);
  }

  private void restore(Path before) throws Exception {
    for (Path db : files.databases()) {
      copyDatabase(before.resolve(db.getFileName()), db);
    }
  }

  /** The run-once's pass was the full one: same work queued. */
  private static void assertFull(Plans plans) {
    assertTrue(plans.once().synced(), "the run-once's pass was not the full one");
    assertEquals(Set.copyOf(plans.full().plan().now()), Set.copyOf(plans.once().plan().now()));
    assertEquals(
        Set.copyOf(plans.full().plan().recheck()), Set.copyOf(plans.once().plan().recheck()));
  }

  @Test
  void anEditedEntryTakesTheFullPass() throws Exception {
    instanceDb.change().valid(reference(2), parameters(2, 1)).commit();
    Plans plans = plans();
    assertFull(plans);
    assertEquals(List.of(reference(2)), plans.full().plan().now());
  }

  @Test
  void addedRemovedStoppedAndRestartedEntriesTakeTheFullPass() throws Exception {
    instanceDb.change().valid("SHARED-new", parameters(99, 0)).commit();
    assertFull(plans());
    runOnce();
    instanceDb.change().delete(reference(3)).commit();
    assertFull(plans());
    runOnce();
    instanceDb.change().stopped(reference(6), parameters(6, 0)).commit();
    assertFull(plans());
    runOnce();
    instanceDb.change().valid(reference(5), parameters(5, 0)).commit();
    Plans restarted = plans();
    assertFull(restarted);
    assertEquals(List.of(reference(5)), restarted.full().plan().now());
    runOnce();
    assertFalse(plans().once().synced(), "steady again");
  }

  @Test
  void aRemovalWaitsItsRetentionThenTakesTheFullPass() throws Exception {
    instanceDb.change().delete(reference(2)).commit();
    runOnce();
    assertFalse(plans().once().synced(), "absent, within its retention: nothing due");
    SqliteCli.run(
        files.requestDb(),
        "UPDATE absent SET since = '"
            + Instant.now().minus(Duration.ofHours(2)).getEpochSecond()
            + "' WHERE reference = '"
            + reference(2)
            + "';");
    Plans expired = plans();
    assertFull(expired);
    assertEquals(Duration.ZERO, expired.full().plan().later().get(reference(2)));
  }

  @Test
  void moreThanHalfRemovedIsHeldByTheFullPass() throws Exception {
    PythonInstanceDb.Change change = instanceDb.change();
    for (int i = 2; i < ENTRIES; i++) {
      change.delete(reference(i));
    }
    change.commit();
    Plans plans = plans();
    assertTrue(plans.once().synced());
    assertFalse(plans.full().plan().held().isEmpty());
    runOnce();
    // Held by that run: the next one must confirm them, in full.
    Plans confirming = plans();
    assertFull(confirming);
    assertEquals(Set.of(), confirming.full().plan().held());
    assertTrue(confirming.full().plan().now().contains(reference(2)), "confirmed removal");
  }

  @Test
  void rowsNotScreenedUnderThisNodesBoundsTakeTheFullPass() throws Exception {
    SqliteCli.run(files.requestDb(), "DELETE FROM node_meta WHERE key = 'entry-screen';");
    assertTrue(plans().once().synced());
  }

  @Test
  void whateverChangedTheRunOnceSkipsOnlyWhenTheFullPassHasNothingToDo() throws Exception {
    Path steady = dir.resolve("steady");
    Files.createDirectories(steady);
    for (Path db : files.databases()) {
      copyDatabase(db, steady.resolve(db.getFileName()));
    }
    Random random = new Random(13);
    int skipped = 0;
    int full = 0;
    for (int trial = 0; trial < 40; trial++) {
      for (Path db : files.databases()) {
        copyDatabase(steady.resolve(db.getFileName()), db);
      }
      List<String> changes = new ArrayList<>();
      for (int change = 1 + random.nextInt(2); change > 0; change--) {
        changes.add(change(random, random.nextInt(ENTRIES)));
      }
      SqliteCli.run(files.requestDb(), String.join("\n", requestSql(changes)));
      SqliteCli.run(files.instanceDb(), String.join("\n", instanceSql(changes)));
      Plans plans = plans();
      WorkPlan fullPlan = plans.full().plan();
      boolean nothingToDo = fullPlan.idle() && fullPlan.heldDigest() == null;
      if (!plans.once().synced()) {
        skipped++;
        assertTrue(nothingToDo, "skipped although the full pass has work, after " + changes);
      } else {
        full++;
        assertFull(plans);
      }
    }
    assertTrue(skipped > 3 && full > 3, "both kinds of trials: " + skipped + " / " + full);
  }

  private static void copyDatabase(Path from, Path to) throws Exception {
    for (String suffix : List.of("", "-wal", "-shm")) {
      Path source = from.resolveSibling(from.getFileName() + suffix);
      Path target = to.resolveSibling(to.getFileName() + suffix);
      if (Files.exists(source)) {
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.deleteIfExists(target);
      }
    }
  }

  /**
   * One random change, "DB:what:entry", applied by {@link #requestSql} and {@link #instanceSql}.
   */
  private static String change(Random random, int entry) {
    List<String> kinds =
        List.of(
            "instance:edit",
            "instance:delete",
            "instance:stop",
            "instance:validate",
            "instance:invalidate",
            "instance:rewrite",
            "request:python-state",
            "request:invalidate",
            "request:delete",
            "request:absent-recently",
            "request:absent-long-ago",
            "request:certificate-due",
            "request:certificate-later",
            "request:older");
    return kinds.get(random.nextInt(kinds.size())) + ":" + reference(entry);
  }

  private static Stream<String[]> parts(List<String> changes, String db) {
    return changes.stream().map(c -> c.split(":")).filter(p -> p[0].equals(db));
  }

  private static List<String> requestSql(List<String> changes) {
    long now = Instant.now().getEpochSecond();
    List<String> sql = new ArrayList<>();
    parts(changes, "request")
        .forEach(
            p -> {
              String where = " WHERE reference = '" + p[2] + "';";
              sql.add(
                  switch (p[1]) {
                    case "python-state" ->
                        "UPDATE instance SET valid_parameter = CASE valid_parameter"
                            + " WHEN 'valid' THEN '1' WHEN 'invalid' THEN '0'"
                            + " ELSE valid_parameter END"
                            + where;
                    case "invalidate" -> "UPDATE instance SET valid_parameter = 'invalid'" + where;
                    case "delete" -> "DELETE FROM instance" + where;
                    case "absent-recently" ->
                        "INSERT OR REPLACE INTO absent VALUES ('" + p[2] + "', '" + now + "');";
                    case "absent-long-ago" ->
                        "INSERT OR REPLACE INTO absent VALUES ('"
                            + p[2]
                            + "', '"
                            + (now - 7200)
                            + "');";
                    case "certificate-due" ->
                        "INSERT OR REPLACE INTO certificate_timing VALUES ('"
                            + p[2]
                            + "', "
                            + (now - 60)
                            + ", "
                            + (now + 86400)
                            + ");";
                    case "certificate-later" ->
                        "INSERT OR REPLACE INTO certificate_timing VALUES ('"
                            + p[2]
                            + "', "
                            + (now + 3600)
                            + ", "
                            + (now + 86400)
                            + ");";
                    case "older" -> "UPDATE instance SET timestamp = '1000000000'" + where;
                    default -> throw new IllegalArgumentException(p[1]);
                  });
            });
    return sql;
  }

  private static List<String> instanceSql(List<String> changes) {
    long now = Instant.now().getEpochSecond();
    List<String> sql = new ArrayList<>();
    parts(changes, "instance")
        .forEach(
            p -> {
              String where = " WHERE reference = '" + p[2] + "';";
              sql.add(
                  switch (p[1]) {
                    case "edit" -> "UPDATE instance SET hash = 'edited-' || hash" + where;
                    case "delete" -> "DELETE FROM instance" + where;
                    case "stop" -> "UPDATE instance SET valid_parameter = 'stopped'" + where;
                    case "validate" -> "UPDATE instance SET valid_parameter = 'valid'" + where;
                    case "invalidate" -> "UPDATE instance SET valid_parameter = 'invalid'" + where;
                    case "rewrite" -> "UPDATE instance SET timestamp = '" + (now + 5) + "'" + where;
                    default -> throw new IllegalArgumentException(p[1]);
                  });
            });
    return sql;
  }
}
