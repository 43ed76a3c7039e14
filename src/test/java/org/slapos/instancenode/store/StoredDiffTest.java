package org.slapos.instancenode.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.testing.PythonInstanceDb;
import org.slapos.instancenode.testing.SqliteCli;

/**
 * {@link StoredDiff} over real files: an instance DB written as slapconfiguration writes it and a
 * request DB of this node, with rows in every way the two can agree or differ.
 */
class StoredDiffTest {
  @TempDir Path dir;
  private Path instanceFile;
  private Path requestFile;
  private PythonInstanceDb instanceDb;

  @BeforeEach
  void create() throws Exception {
    instanceFile = dir.resolve("instance.sqlite");
    requestFile = dir.resolve("request.sqlite");
    instanceDb = PythonInstanceDb.create(instanceFile);
    InstanceStore.openRequestDb(requestFile).close();
  }

  private static ObjectNode parameters(String url) {
    return Json.MAPPER.createObjectNode().put("url", url);
  }

  /** Records {@code reference} in the request DB with the instance DB's hash of {@code url}. */
  private void observe(String reference, String url, String state) throws Exception {
    observeHash(reference, quoted(PythonInstanceDb.hash(parameters(url))), state);
  }

  private void observeHash(String reference, String hash, String state) throws Exception {
    SqliteCli.run(
        requestFile,
        "INSERT INTO instance (reference, json_parameters, json_error, hash, timestamp,"
            + " valid_parameter) VALUES ('"
            + reference
            + "', '{}', '{}', "
            + hash
            + ", '1764000000', '"
            + state
            + "');");
  }

  private static String quoted(String text) {
    return "'" + text + "'";
  }

  private Optional<StoredDiff> diff() {
    try (InstanceStore desired =
            InstanceStore.openExisting(instanceFile, IntegrityCheck.QUICK, Long.MAX_VALUE);
        InstanceStore observed = InstanceStore.openRequestDb(requestFile)) {
      return desired.unsettledAgainst(observed);
    }
  }

  @Test
  void agreeingPairsAreCountedNotListed() throws Exception {
    instanceDb
        .change()
        .valid("same", parameters("https://a"))
        .stopped("stopped", parameters("https://b"))
        .commit();
    observe("same", "https://a", InstanceRow.VALID);
    observe("stopped", "https://b", InstanceRow.STOPPED);

    StoredDiff diff = diff().orElseThrow();

    assertEquals(Map.of(), diff.desired());
    assertEquals(Map.of(), diff.observed());
    assertEquals(2, diff.settled());
  }

  @Test
  void everyDisagreementIsListedWithBothSidesAsStored() throws Exception {
    instanceDb
        .change()
        .valid("same", parameters("https://same"))
        .valid("edited", parameters("https://new"))
        .stopped("stopping", parameters("https://s"))
        .valid("new", parameters("https://n"))
        .invalid("schema", parameters("x"), "'x' is not a URL")
        .valid("python-state", parameters("https://p"))
        .valid("failed-check", parameters("https://f"))
        .commit();
    observe("same", "https://same", InstanceRow.VALID);
    observe("edited", "https://old", InstanceRow.VALID);
    observe("stopping", "https://s", InstanceRow.VALID);
    observe("schema", "x", InstanceRow.INVALID);
    // The Python node wrote its states as booleans: equal once read, not byte for byte.
    observe("python-state", "https://p", "1");
    observe("failed-check", "https://f", InstanceRow.INVALID);
    observe("gone", "https://g", InstanceRow.VALID);

    StoredDiff diff = diff().orElseThrow();

    assertEquals(
        Set.of("edited", "stopping", "new", "schema", "python-state", "failed-check"),
        diff.desired().keySet());
    assertEquals(
        Set.of("edited", "stopping", "schema", "python-state", "failed-check", "gone"),
        diff.observed().keySet());
    assertEquals(1, diff.settled());
    assertEquals(InstanceRow.STOPPED, diff.desired().get("stopping").validParameter());
    assertEquals(InstanceRow.VALID, diff.observed().get("stopping").validParameter());
    assertEquals("1", diff.observed().get("python-state").validParameter());
    assertEquals(
        PythonInstanceDb.hash(parameters("https://old")), diff.observed().get("edited").hash());
    assertEquals(
        PythonInstanceDb.hash(parameters("https://new")), diff.desired().get("edited").hash());
    assertEquals("1764000000", diff.observed().get("gone").timestamp());
  }

  @Test
  void absencesAndCertificateTimingsUnsettleAnAgreeingPair() throws Exception {
    instanceDb
        .change()
        .valid("returning", parameters("https://r"))
        .valid("certified", parameters("https://c"))
        .valid("plain", parameters("https://p"))
        .commit();
    observe("returning", "https://r", InstanceRow.VALID);
    observe("certified", "https://c", InstanceRow.VALID);
    observe("plain", "https://p", InstanceRow.VALID);
    SqliteCli.run(
        requestFile,
        "INSERT INTO absent (reference, since) VALUES ('returning', '1764000000');"
            + " INSERT INTO certificate_timing (reference, recheck_at, expires_at)"
            + " VALUES ('certified', 1764000000, 1765000000);");

    StoredDiff diff = diff().orElseThrow();

    assertEquals(Set.of("returning", "certified"), diff.desired().keySet());
    assertEquals(Set.of("returning", "certified"), diff.observed().keySet());
    assertEquals(1, diff.settled());
  }

  @Test
  void valuesThatAreNotEqualTextAreListed() throws Exception {
    instanceDb
        .change()
        .valid("blob-hash", parameters("https://b"))
        .valid("null-hash", parameters("https://n"))
        .commit();
    String hash = PythonInstanceDb.hash(parameters("https://b"));
    // The same bytes as a blob: another type, so not settled.
    observeHash("blob-hash", "CAST(" + quoted(hash) + " AS BLOB)", InstanceRow.VALID);
    SqliteCli.run(instanceFile, "UPDATE instance SET hash = NULL WHERE reference = 'null-hash';");
    observeHash("null-hash", "NULL", InstanceRow.VALID);

    StoredDiff diff = diff().orElseThrow();

    assertEquals(Set.of("blob-hash", "null-hash"), diff.desired().keySet());
    assertEquals(0, diff.settled());
  }

  @Test
  void aRowWithoutAReferenceLeavesNothingToJudgeBy() throws Exception {
    instanceDb.change().valid("a", parameters("https://a")).commit();
    observe("a", "https://a", InstanceRow.VALID);
    SqliteCli.run(
        requestFile,
        "INSERT INTO instance (reference, hash, valid_parameter) VALUES (NULL, 'h', 'valid');");
    assertTrue(diff().isEmpty(), "a request row without a reference");

    SqliteCli.run(requestFile, "DELETE FROM instance WHERE reference IS NULL;");
    assertTrue(diff().isPresent());
    SqliteCli.run(
        instanceFile,
        "INSERT INTO instance (reference, hash, valid_parameter) VALUES (NULL, 'h', 'valid');");
    assertTrue(diff().isEmpty(), "an instance row without a reference");
  }

  @Test
  void theRequestDbIsDetachedAfterwards() throws Exception {
    instanceDb.change().valid("a", parameters("https://a")).commit();
    try (InstanceStore desired =
            InstanceStore.openExisting(instanceFile, IntegrityCheck.QUICK, Long.MAX_VALUE);
        InstanceStore observed = InstanceStore.openRequestDb(requestFile)) {
      desired.unsettledAgainst(observed);
      // A second comparison attaches it again: it would fail were it still attached.
      assertEquals(1, desired.unsettledAgainst(observed).orElseThrow().desired().size());
      assertEquals(1, desired.summaries().size());
    }
  }
}
