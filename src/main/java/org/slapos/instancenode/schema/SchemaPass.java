package org.slapos.instancenode.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.slapos.instancenode.desired.DesiredEntry;
import org.slapos.instancenode.desired.Listing;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.json.ParameterHash;
import org.slapos.instancenode.json.PythonJson;
import org.slapos.instancenode.json.Sha256;
import org.slapos.instancenode.store.Batch;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.store.SourceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates one listing of desired entries and records the outcome in the instance DB, as
 * slapconfiguration's {@code JsonSchemaWithDB} does, writing only the rows whose content changed.
 *
 * <p>Nothing is recomputed that cannot have changed, and what that is, is kept in the instance DB:
 * a listing whose digest is the one last applied under the same schema is not even parsed; an entry
 * whose parameters are, byte for byte, those the source gave last time is not validated again. A
 * new schema (its fingerprint is kept too) re-validates everything once.
 */
public final class SchemaPass {
  private final SchemaSource source;
  private final boolean unstringify;
  private final InstanceStore instanceDb;
  private final Clock clock;

  public SchemaPass(
      SchemaSource source, boolean unstringify, InstanceStore instanceDb, Clock clock) {
    this.source = source;
    this.unstringify = unstringify;
    this.instanceDb = instanceDb;
    this.clock = clock;
  }

  /**
   * The counts of one pass.
   *
   * @param listingUnchanged the listing was the one last applied: nothing was parsed or validated
   * @param refused the messages of the listed items refused whole, which have no row (see {@link
   *     Listing.Content#refused()}); empty when the listing was unchanged
   */
  public record Outcome(
      int valid,
      int invalid,
      int stopped,
      int validated,
      int written,
      int deleted,
      boolean listingUnchanged,
      List<String> refused) {
    public Outcome {
      refused = List.copyOf(refused);
    }
  }

  public Outcome run(Listing listing) {
    String fingerprint = source.fingerprint() + (unstringify ? "+unstringify" : "");
    String applied = listing.digest() + " " + fingerprint;
    if (instanceDb.meta(LISTING_KEY).equals(Optional.of(applied))) {
      Map<String, Map<String, Integer>> counts = instanceDb.countByStateAndReason();
      return new Outcome(
          InstanceStore.total(counts, InstanceRow.VALID),
          InstanceStore.total(counts, InstanceRow.INVALID),
          InstanceStore.total(counts, InstanceRow.STOPPED),
          0,
          0,
          0,
          true,
          List.of());
    }
    // Compiling is mostly class loading and JIT work: it overlaps with parsing the listing.
    CompletableFuture<SharedInstanceSchema> compiling =
        CompletableFuture.supplyAsync(source::compile);
    Listing.Content content = listing.content();
    List<DesiredEntry> desired = content.entries();
    Stream.concat(content.unreadable().stream(), content.refused().stream())
        .forEach(
            message ->
                LOG.atWarn().setMessage("listed item refused").addKeyValue("error", message).log());
    Map<String, SourceState> stored = instanceDb.sourceStates();
    boolean revalidateAll = !instanceDb.meta(SCHEMA_KEY).equals(Optional.of(fingerprint));
    String now = Long.toString(clock.instant().getEpochSecond());
    List<Checked> checked =
        desired.parallelStream()
            .map(e -> check(e, stored.get(e.reference()), revalidateAll, compiling, now))
            .toList();

    Batch batch = instanceDb.batch();
    Set<String> present = new HashSet<>(desired.size() * 2);
    int valid = 0, invalid = 0, stopped = 0, validated = 0, written = 0;
    for (int i = 0; i < desired.size(); i++) {
      DesiredEntry entry = desired.get(i);
      Checked check = checked.get(i);
      if (check == null) {
        continue;
      }
      present.add(entry.reference());
      if (check.row() != null) {
        validated++;
        if (!sameContent(check.row(), stored.get(entry.reference()))) {
          batch.upsert(check.row());
          written++;
        }
        batch.sourceDigest(entry.reference(), check.digest());
      }
      switch (check.state()) {
        case InstanceRow.VALID -> valid++;
        case InstanceRow.STOPPED -> stopped++;
        default -> invalid++;
      }
    }
    int deleted = 0;
    if (!content.unreadable().isEmpty()) {
      // An item whose reference cannot be read may be any stored entry: none is taken for removed.
      LOG.atWarn()
          .setMessage("some listed items have no readable reference: no entry is removed this pass")
          .addKeyValue("unreadable", content.unreadable().size())
          .log();
    } else if (desired.isEmpty() && !stored.isEmpty()) {
      // An empty listing is far likelier a broken source than every user leaving at once; a
      // listing of destroyed entries is the source saying so.
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
    batch.meta(LISTING_KEY, applied);
    batch.commit();
    return new Outcome(
        valid, invalid, stopped, validated, written, deleted, false, content.refused());
  }

  private static final String SCHEMA_KEY = "schema-fingerprint";
  private static final String LISTING_KEY = "applied-listing";
  private static final Logger LOG = LoggerFactory.getLogger(SchemaPass.class);

  /**
   * What one entry's check found: its source digest, its state, and the row validation produced
   * ({@code null} when the entry was not validated again).
   */
  private record Checked(String digest, String state, InstanceRow row) {}

  /** Checks one entry; {@code null} for a destroyed one, which counts as absent. Thread-safe. */
  private Checked check(
      DesiredEntry entry,
      SourceState before,
      boolean revalidateAll,
      CompletableFuture<SharedInstanceSchema> schema,
      String now) {
    if (DesiredEntry.DESTROYED.equals(entry.state())) {
      return null;
    }
    String digest =
        entry.refusal() == null
            ? ParameterHash.of(entry.parameters())
            : Sha256.hex(
                ("refused\n" + entry.refusal().reason() + "\n" + entry.refusal().message())
                    .getBytes(StandardCharsets.UTF_8));
    if (!revalidateAll
        && before != null
        && digest.equals(before.sourceDigest())
        && stoppedAsWanted(entry, before)) {
      return new Checked(digest, before.validParameter(), null);
    }
    InstanceRow row = entry.refusal() == null ? row(join(schema), entry, now) : refused(entry, now);
    return new Checked(digest, row.validParameter(), row);
  }

  private static boolean stoppedAsWanted(DesiredEntry entry, SourceState before) {
    return DesiredEntry.STOPPED.equals(entry.state())
        == InstanceRow.STOPPED.equals(before.validParameter());
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private InstanceRow row(SharedInstanceSchema schema, DesiredEntry entry, String now) {
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

  /** The row of an entry refused before validation: no parameters kept, the refusal as error. */
  private static InstanceRow refused(DesiredEntry entry, String now) {
    ObjectNode error = Json.MAPPER.createObjectNode();
    error.putArray("errors").add(entry.refusal().message());
    error.put("message", entry.refusal().message());
    error.put("reason", entry.refusal().reason());
    String state =
        DesiredEntry.STOPPED.equals(entry.state()) ? InstanceRow.STOPPED : InstanceRow.INVALID;
    LOG.atWarn()
        .setMessage("listed entry refused")
        .addKeyValue("reference", entry.reference())
        .addKeyValue("reason", entry.refusal().reason())
        .addKeyValue("error", entry.refusal().message())
        .log();
    return new InstanceRow(
        entry.reference(),
        EMPTY,
        PythonJson.dumps(error),
        ParameterHash.ofDumped(EMPTY),
        now,
        state);
  }

  private static final String EMPTY = "{}";

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
  private boolean sameContent(InstanceRow row, SourceState before) {
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
