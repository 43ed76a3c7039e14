package org.slapos.instancenode.cdn;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slapos.instancenode.store.Batch;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.store.StateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Records a present entry's verdict in the request DB, only when it changed: the row (its timestamp
 * kept otherwise), its absence date cleared, a state-change event, and a bang owed when what the
 * frontends read changed (an entry served or no longer served, or a served entry's parameters); all
 * in one transaction.
 */
public final class StateWriter {
  private static final Logger LOG = LoggerFactory.getLogger(StateWriter.class);

  private final InstanceStore requestDb;
  private final BangLedger bangs;
  private final Clock clock;

  public StateWriter(InstanceStore requestDb, BangLedger bangs, Clock clock) {
    this.requestDb = requestDb;
    this.bangs = bangs;
    this.clock = clock;
  }

  /**
   * @param bangNeeded a post-deploy check asks for a bang whatever else changed
   * @return true when something was written
   */
  public boolean record(
      InstanceRow desired,
      Optional<InstanceRow> observed,
      boolean wasAbsent,
      Verdict verdict,
      boolean bangNeeded) {
    String now = Long.toString(clock.instant().getEpochSecond());
    InstanceRow row =
        new InstanceRow(
            desired.reference(),
            desired.jsonParameters(),
            verdict.jsonError(),
            desired.hash(),
            now,
            verdict.state());
    boolean changed = observed.map(o -> !sameContent(o, row)).orElse(true);
    if (!changed && !wasAbsent && !bangNeeded) {
      return false;
    }
    String before = observed.map(InstanceRow::validParameter).orElse(null);
    Batch batch = requestDb.batch();
    if (changed) {
      batch.upsert(row);
      batch.event(
          new StateEvent(
              row.reference(),
              now,
              before,
              row.validParameter(),
              verdict.reason(),
              verdict.message()));
    }
    if (wasAbsent) {
      batch.present(row.reference());
    }
    boolean servedContentChanged =
        changed && (observed.isEmpty() || servedContentChanged(observed.get(), row));
    if (servedContentChanged || bangNeeded) {
      bangs.owe(batch);
    }
    boolean owesBang = servedContentChanged || bangNeeded;
    // Announced once committed, possibly on the thread that commits a group: the log line keeps
    // the reconcile's context.
    Map<String, String> context = MDC.getCopyOfContextMap();
    batch.commit(
        () -> {
          if (owesBang) {
            bangs.owed();
          }
          if (changed) {
            withContext(context, () -> logChange(before, row, verdict));
          }
        });
    return true;
  }

  private static void withContext(Map<String, String> context, Runnable action) {
    Map<String, String> own = MDC.getCopyOfContextMap();
    MDC.setContextMap(context == null ? Map.of() : context);
    try {
      action.run();
    } finally {
      MDC.setContextMap(own == null ? Map.of() : own);
    }
  }

  /** Logged once committed, so the log never runs ahead of the request DB. */
  private static void logChange(String before, InstanceRow row, Verdict verdict) {
    var event =
        LOG.atInfo()
            .setMessage("entry state changed")
            .addKeyValue("from", before == null ? "new" : before)
            .addKeyValue("to", row.validParameter());
    if (verdict.reason() != null) {
      event = event.addKeyValue("reason", verdict.reason());
    }
    event.log();
  }

  /**
   * Whether the frontends, which serve the valid rows as they read them, now read something else:
   * the entry became served or stopped being served, or a served entry's parameters changed (a new
   * backend, say), as the Python node bangs for every modified entry.
   */
  private static boolean servedContentChanged(InstanceRow before, InstanceRow after) {
    boolean servedBefore = InstanceRow.VALID.equals(before.state());
    boolean servedAfter = InstanceRow.VALID.equals(after.state());
    return servedBefore != servedAfter
        || servedAfter && !Objects.equals(before.jsonParameters(), after.jsonParameters());
  }

  /**
   * Equal but for the timestamp, which changes only with the content. States compare as {@link
   * InstanceRow#state()} reads them, so a row the Python node wrote with a boolean state is not
   * rewritten (nor announced) just to spell its state our way.
   */
  static boolean sameContent(InstanceRow a, InstanceRow b) {
    return Objects.equals(a.jsonParameters(), b.jsonParameters())
        && Objects.equals(a.jsonError(), b.jsonError())
        && Objects.equals(a.hash(), b.hash())
        && Objects.equals(a.state(), b.state());
  }
}
