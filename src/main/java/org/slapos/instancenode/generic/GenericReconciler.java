package org.slapos.instancenode.generic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slapos.instancenode.cdn.BangLedger;
import org.slapos.instancenode.cdn.CheckFailure;
import org.slapos.instancenode.cdn.EntryPublisher;
import org.slapos.instancenode.cdn.EntrySnapshot;
import org.slapos.instancenode.cdn.Reason;
import org.slapos.instancenode.cdn.SchemaCheck;
import org.slapos.instancenode.cdn.StateWriter;
import org.slapos.instancenode.cdn.Verdict;
import org.slapos.instancenode.desired.DesiredCache;
import org.slapos.instancenode.desired.DesiredResource;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.json.Sha256;
import org.slapos.instancenode.master.InstanceRequest;
import org.slapos.instancenode.master.MasterException;
import org.slapos.instancenode.master.MasterWrites;
import org.slapos.instancenode.master.Requested;
import org.slapos.instancenode.master.SharedInstance;
import org.slapos.instancenode.reconcile.Reconciler;
import org.slapos.instancenode.reconcile.Result;
import org.slapos.instancenode.schema.JsonInXml;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.store.PublishedLedger;
import org.slapos.instancenode.store.StateEvent;

/**
 * The reconciler of the {@code generic} kind, the base instance node: each entry valid by the
 * schema is requested from the master as an instance of {@code software-url} (title {@code
 * request-name-prefix} + reference), and the connection parameters of that instance are published
 * to the entry; a stopped entry is requested stopped; a removed entry is requested {@code
 * destroyed}, then forgotten.
 *
 * <p>Requests and connection parameters are sent only when they differ from what the master last
 * accepted ({@link PublishedLedger}). While the master says the requested instance is not ready,
 * the entry is invalid with reason {@code cluster-deploying} and asked again after {@code
 * notReadyRecheck} (and by every run-once, which re-checks invalid entries).
 */
public final class GenericReconciler implements Reconciler {
  static final String REQUEST = "request";
  static final String CONNECTION = "connection";
  private static final SchemaCheck SCHEMA = new SchemaCheck();

  private final DesiredCache cache;
  private final InstanceStore requestDb;
  private final MasterWrites master;
  private final RequestTemplate template;
  private final EntryPublisher errors;
  private final PublishedLedger ledger;
  private final StateWriter writer;
  private final BangLedger bangs;
  private final Duration notReadyRecheck;
  private final Clock clock;

  public GenericReconciler(
      DesiredCache cache,
      InstanceStore requestDb,
      MasterWrites master,
      RequestTemplate template,
      EntryPublisher errors,
      BangLedger bangs,
      Duration notReadyRecheck,
      Clock clock) {
    this.cache = cache;
    this.requestDb = requestDb;
    this.master = master;
    this.template = template;
    this.errors = errors;
    this.ledger = requestDb.published();
    this.writer = new StateWriter(requestDb, bangs, clock);
    this.bangs = bangs;
    this.notReadyRecheck = notReadyRecheck;
    this.clock = clock;
  }

  @Override
  public Result reconcile(String reference) throws Exception {
    Optional<DesiredResource> desired = cache.resource(reference);
    Optional<InstanceRow> observed = requestDb.find(reference);
    if (desired.isEmpty()) {
      if (observed.isPresent()) {
        destroy(observed.get());
      }
      return Result.done();
    }
    InstanceRow row = desired.get().row();
    boolean wasAbsent = requestDb.absentSince(reference).isPresent();
    ObjectNode parameters = JsonInXml.parameters(row.jsonParameters());
    if (InstanceRow.STOPPED.equals(row.state())) {
      Result done = recorded(row, observed, wasAbsent, Verdict.stopped(), Result.done());
      send(reference, template.request(reference, SharedInstance.STOPPED, parameters));
      return done;
    }
    List<CheckFailure> failures =
        SCHEMA.check(new EntrySnapshot(row, parameters, List.of(), Map.of(), clock.instant()));
    if (!failures.isEmpty()) {
      return recorded(row, observed, wasAbsent, Verdict.invalid(failures), Result.done());
    }
    InstanceRequest request = template.request(reference, SharedInstance.STARTED, parameters);
    String content = digest(request.toJson());
    boolean alreadyRequested = ledger.last(reference, REQUEST).filter(content::equals).isPresent();
    if (!alreadyRequested || ledger.last(reference, CONNECTION).isEmpty()) {
      // Until the instance is ready the same request is sent again: it is how the master is asked.
      Requested answer = master.requestInstance(request);
      if (!alreadyRequested) {
        ledger.record(reference, REQUEST, content, now());
      }
      if (answer instanceof Requested.NotReady notReady) {
        Verdict deploying =
            Verdict.invalid(
                List.of(
                    CheckFailure.of(
                        Reason.CLUSTER_DEPLOYING,
                        "the instance requested for this entry ("
                            + request.title()
                            + ") is not ready on the master yet: "
                            + notReady.message())));
        return recorded(row, observed, wasAbsent, deploying, Result.requeueAfter(notReadyRecheck));
      }
      // The entry is recorded valid before its owner is told how to reach it.
      recorded(row, observed, wasAbsent, Verdict.valid(), Result.done());
      publishConnection(reference, ((Requested.Ready) answer).instance().connectionParameters());
      return Result.done();
    }
    return recorded(row, observed, wasAbsent, Verdict.valid(), Result.done());
  }

  /**
   * Records {@code verdict}, then reports it; the verdict is committed before anyone hears of it.
   */
  private Result recorded(
      InstanceRow row,
      Optional<InstanceRow> observed,
      boolean wasAbsent,
      Verdict verdict,
      Result then)
      throws Exception {
    writer.record(row, observed, wasAbsent, verdict, false);
    errors.publish(row.reference(), verdict);
    return then;
  }

  /** Sends {@code request} unless the master already accepted the very same one. */
  private void send(String reference, InstanceRequest request) throws MasterException {
    String content = digest(request.toJson());
    if (ledger.last(reference, REQUEST).filter(content::equals).isEmpty()) {
      master.requestInstance(request);
      ledger.record(reference, REQUEST, content, now());
    }
  }

  private void publishConnection(String reference, ObjectNode connection) throws MasterException {
    Map<String, String> parameters = new LinkedHashMap<>();
    connection
        .properties()
        .forEach(
            e ->
                parameters.put(
                    e.getKey(),
                    e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString()));
    String content = digest(Json.MAPPER.valueToTree(parameters));
    if (ledger.last(reference, CONNECTION).filter(content::equals).isPresent()) {
      return;
    }
    master.putConnectionParameters(reference, parameters);
    ledger.record(reference, CONNECTION, content, now());
  }

  private void destroy(InstanceRow observed) throws MasterException {
    String reference = observed.reference();
    send(
        reference,
        template.request(reference, SharedInstance.DESTROYED, Json.MAPPER.createObjectNode()));
    var batch =
        requestDb
            .batch()
            .delete(reference)
            .event(
                new StateEvent(
                    reference,
                    now(),
                    observed.validParameter(),
                    null,
                    null,
                    "removed: requested destroyed on the master, then forgotten"));
    bangs.owe(batch);
    batch.commit(bangs::owed);
  }

  private String now() {
    return Long.toString(clock.instant().getEpochSecond());
  }

  /**
   * What the ledger keeps of a write: a digest of its canonical JSON, enough to tell an identical
   * write and free of the parameters' secrets (keys, passwords).
   */
  private static String digest(JsonNode value) {
    try {
      return Sha256.hex(Json.MAPPER.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
