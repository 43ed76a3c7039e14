package org.slapos.instancenode.cdn;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.json.PythonJson;
import org.slapos.instancenode.reconcile.Result;
import org.slapos.instancenode.store.Batch;
import org.slapos.instancenode.store.DomainStore;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.store.StateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle of an entry absent from the desired state. The first time: recorded {@code
 * stopped}, its hosts released so others may claim them, its domain token kept but no longer
 * validated. Once {@code instance-retention-delay} has passed since then: forgotten. In between,
 * nothing is re-checked: the reconcile asks to come back when the delay ends.
 *
 * <p>Crash safety: the domain DB is changed before the request DB records the absence, and both
 * changes are idempotent, so an interruption between them is repaired by the next reconcile.
 */
final class Retention {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

  private final InstanceStore requestDb;
  private final DomainStore domainDb;
  private final BangLedger bangs;
  private final Duration delay;
  private final HostRelease released;
  private final Clock clock;

  /** Told which hosts an entry gave up, so entries waiting for them are checked again. */
  @FunctionalInterface
  interface HostRelease {
    void released(String reference, Set<String> hosts);
  }

  Retention(
      InstanceStore requestDb,
      DomainStore domainDb,
      BangLedger bangs,
      Duration delay,
      HostRelease released,
      Clock clock) {
    this.requestDb = requestDb;
    this.domainDb = domainDb;
    this.bangs = bangs;
    this.delay = delay;
    this.released = released;
    this.clock = clock;
  }

  Result absent(String reference, Optional<InstanceRow> observed, Optional<String> absentSince) {
    Instant now = clock.instant();
    if (observed.isEmpty()) {
      forgetDomain(reference);
      return Result.done();
    }
    if (absentSince.isEmpty()) {
      absentSince = adoptPythonStop(observed.get());
    }
    if (absentSince.isEmpty()) {
      if (delay.isZero()) {
        forget(observed.get(), now);
        return Result.done();
      }
      retain(observed.get(), now);
      return Result.requeueAfter(delay);
    }
    Instant until = Instant.ofEpochSecond(Long.parseLong(absentSince.get())).plus(delay);
    if (!now.isBefore(until)) {
      forget(observed.get(), now);
      return Result.done();
    }
    return Result.requeueAfter(Duration.between(now, until));
  }

  /**
   * The Python node records an entry's absence only as a {@code stopped} row whose {@code
   * timestamp} is when it stopped it; adopting that date (into our own {@code absent} table, the
   * row untouched) keeps the retention clock it started, instead of a new one from the switch-over.
   */
  private Optional<String> adoptPythonStop(InstanceRow observed) {
    OptionalLong stoppedAt = InstanceRow.seconds(observed.timestamp());
    if (!stoppedByPython(observed) || stoppedAt.isEmpty()) {
      return Optional.empty();
    }
    String since = Long.toString(stoppedAt.getAsLong());
    rememberIfServed(observed);
    withdraw(observed.reference(), since);
    requestDb.batch().absent(observed.reference(), since).commit();
    return Optional.of(since);
  }

  /**
   * Before a present entry is checked: when its row is one the Python node stopped (no absence date
   * of ours), adopts what that row tells of its domain, so a return within retention reclaims it as
   * a return from our own retention does.
   */
  void returning(Optional<InstanceRow> observed, Optional<String> absentSince) {
    if (absentSince.isEmpty() && observed.isPresent() && stoppedByPython(observed.get())) {
      rememberIfServed(observed.get());
    }
  }

  /**
   * A {@code stopped} row this node did not record so (its event log's last state is another, or it
   * has none): the Python node stopped the entry. A row we stopped because the desired state said
   * so is ours, and its {@code json_error} tells nothing of its domain.
   */
  private boolean stoppedByPython(InstanceRow observed) {
    if (!InstanceRow.STOPPED.equals(observed.validParameter())) {
      return false;
    }
    List<StateEvent> events = requestDb.events(observed.reference());
    return events.isEmpty() || !InstanceRow.STOPPED.equals(events.getLast().toState());
  }

  /**
   * The Python node stops an entry by changing only the row's state and timestamp, so its {@code
   * json_error} is still the last outcome: {@code {}} when it was served, which it never is before
   * its domain passed the challenge. Then the domain is reclaimable, as when we suspend a validated
   * domain. Not otherwise: that node would give back a domain whose challenge was still pending
   * when it stopped, without any proof; here that entry looks its token up again instead.
   */
  private void rememberIfServed(InstanceRow stopped) {
    if ("{}".equals(stopped.jsonError())) {
      domainDb.remember(stopped.reference());
    }
  }

  /** Releases the hosts of {@code reference} and suspends its domain validation (idempotent). */
  private void withdraw(String reference, String at) {
    Set<String> hosts = domainDb.hosts(reference);
    domainDb.releaseHosts(reference);
    domainDb.suspend(reference, at);
    released.released(reference, hosts);
  }

  private void retain(InstanceRow observed, Instant now) {
    String reference = observed.reference();
    String at = Long.toString(now.getEpochSecond());
    withdraw(reference, at);
    String message =
        "absent from the desired state: kept until "
            + now.plus(delay)
            + ", then forgotten; a return before then keeps its domain";
    Batch batch =
        requestDb
            .batch()
            .upsert(
                new InstanceRow(
                    reference,
                    observed.jsonParameters(),
                    PythonJson.dumps(Json.MAPPER.createObjectNode().put("message", message)),
                    observed.hash(),
                    at,
                    InstanceRow.STOPPED))
            .absent(reference, at)
            .event(
                new StateEvent(
                    reference, at, observed.validParameter(), InstanceRow.STOPPED, null, message));
    commit(batch, InstanceRow.VALID.equals(observed.validParameter()));
    LOG.atInfo().setMessage("entry absent: retained").addKeyValue("until", now.plus(delay)).log();
  }

  private void forget(InstanceRow observed, Instant now) {
    String reference = observed.reference();
    forgetDomain(reference);
    String at = Long.toString(now.getEpochSecond());
    Batch batch =
        requestDb
            .batch()
            .delete(reference)
            .event(
                new StateEvent(reference, at, observed.validParameter(), null, null, "forgotten"));
    commit(batch, true);
    LOG.atInfo().setMessage("entry forgotten").log();
  }

  private void forgetDomain(String reference) {
    Set<String> hosts = domainDb.hosts(reference);
    if (domainDb.find(reference).isPresent() || !hosts.isEmpty()) {
      domainDb.forget(reference);
      released.released(reference, hosts);
    }
  }

  private void commit(Batch batch, boolean owesBang) {
    if (owesBang) {
      bangs.owe(batch);
    }
    batch.commit(owesBang ? bangs::owed : null);
  }
}
