package org.slapos.instancenode.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slapos.instancenode.desired.DesiredEntry;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.json.ParameterHash;
import org.slapos.instancenode.json.PythonJson;
import org.slapos.instancenode.store.Batch;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.store.StoredSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates one listing of desired entries and records the outcome in the instance DB, as
 * slapconfiguration's {@code JsonSchemaWithDB} does, writing only the rows whose content changed.
 *
 * <p>An entry whose parameters are, byte for byte, those the source gave last time (their digest is
 * kept in the instance DB), under the schema that produced the stored rows, is not validated again:
 * its outcome cannot have changed. A new schema (its fingerprint is kept too) re-validates
 * everything once.
 */
public final class SchemaPass {
  private final SharedInstanceSchema schema;
  private final boolean unstringify;
  private final InstanceStore instanceDb;
  private final Clock clock;

  public SchemaPass(
      SharedInstanceSchema schema, boolean unstringify, InstanceStore instanceDb, Clock clock) {
    this.schema = schema;
    this.unstringify = unstringify;
    this.instanceDb = instanceDb;
    this.clock = clock;
  }

  /** The counts of one pass. */
  public record Outcome(
      int valid, int invalid, int stopped, int validated, int written, int deleted) {}

  public Outcome run(List<DesiredEntry> desired) {
    Map<String, StoredSummary> stored = instanceDb.summaries();
    Map<String, String> digests = instanceDb.sourceDigests();
    String fingerprint = schema.fingerprint() + (unstringify ? "+unstringify" : "");
    boolean revalidateAll = !instanceDb.meta(SCHEMA_KEY).equals(Optional.of(fingerprint));
    String now = Long.toString(clock.instant().getEpochSecond());

    Batch batch = instanceDb.batch();
    Set<String> present = new HashSet<>(desired.size() * 2);
    int valid = 0, invalid = 0, stopped = 0, validated = 0, written = 0;
    for (DesiredEntry entry : desired) {
      if (DesiredEntry.DESTROYED.equals(entry.state())) {
        continue;
      }
      present.add(entry.reference());
      StoredSummary before = stored.get(entry.reference());
      String digest = ParameterHash.of(entry.parameters());
      String state;
      if (!revalidateAll
          && before != null
          && digest.equals(digests.get(entry.reference()))
          && stoppedAsWanted(entry, before)) {
        state = before.validParameter();
      } else {
        validated++;
        InstanceRow row = row(entry, now);
        state = row.validParameter();
        if (!sameContent(row, before)) {
          batch.upsert(row);
          written++;
        }
        batch.sourceDigest(entry.reference(), digest);
      }
      switch (state) {
        case InstanceRow.VALID -> valid++;
        case InstanceRow.STOPPED -> stopped++;
        default -> invalid++;
      }
    }
    int deleted = 0;
    if (present.isEmpty() && !stored.isEmpty()) {
      // An empty listing is far likelier a broken source than every user leaving at once.
      LOG.atWarn()
          .setMessage("desired state lists no entry: keeping the stored ones")
          .addKeyValue("stored", stored.size())
          .log();
    } else {
      for (String reference : stored.keySet()) {
        if (!present.contains(reference)) {
          batch.delete(reference);
          deleted++;
        }
      }
    }
    if (revalidateAll) {
      batch.meta(SCHEMA_KEY, fingerprint);
    }
    batch.commit();
    return new Outcome(valid, invalid, stopped, validated, written, deleted);
  }

  private static final String SCHEMA_KEY = "schema-fingerprint";
  private static final Logger LOG = LoggerFactory.getLogger(SchemaPass.class);

  private static boolean stoppedAsWanted(DesiredEntry entry, StoredSummary before) {
    return DesiredEntry.STOPPED.equals(entry.state())
        == InstanceRow.STOPPED.equals(before.validParameter());
  }

  private InstanceRow row(DesiredEntry entry, String now) {
    SchemaValidation validation = schema.validate(entry.parameters(), unstringify);
    String state;
    String error;
    if (validation.valid()) {
      state = InstanceRow.VALID;
      error = "{}";
    } else {
      state = InstanceRow.INVALID;
      error = PythonJson.dumps(errorJson(validation.errors()));
    }
    if (DesiredEntry.STOPPED.equals(entry.state())) {
      state = InstanceRow.STOPPED;
    }
    String parameters = PythonJson.dumps(validation.parameters());
    return new InstanceRow(
        entry.reference(), parameters, error, ParameterHash.ofDumped(parameters), now, state);
  }

  static ObjectNode errorJson(List<SchemaError> errors) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    ArrayNode list = json.putArray("errors");
    List<String> texts = errors.stream().map(SchemaError::toString).toList();
    texts.forEach(list::add);
    json.put("message", String.join("; ", texts));
    json.put("reason", "schema");
    return json;
  }

  /**
   * Whether the stored row already says what {@code row} says. Equal hashes mean equal parameters;
   * only an invalid row's errors need reading, since a valid or stopped row's error is fixed.
   */
  private boolean sameContent(InstanceRow row, StoredSummary before) {
    if (before == null
        || !row.hash().equals(before.hash())
        || !row.validParameter().equals(before.validParameter())) {
      return false;
    }
    return !InstanceRow.INVALID.equals(row.validParameter())
        || instanceDb
            .find(row.reference())
            .map(InstanceRow::jsonError)
            .filter(row.jsonError()::equals)
            .isPresent();
  }
}
