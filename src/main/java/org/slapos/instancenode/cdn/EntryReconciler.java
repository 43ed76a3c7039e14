package org.slapos.instancenode.cdn;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slapos.instancenode.desired.DesiredCache;
import org.slapos.instancenode.desired.DesiredResource;
import org.slapos.instancenode.reconcile.Reconciler;
import org.slapos.instancenode.reconcile.Result;
import org.slapos.instancenode.schema.JsonInXml;
import org.slapos.instancenode.store.BackendProbes;
import org.slapos.instancenode.store.CertificateTimings;
import org.slapos.instancenode.store.DomainStore;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;

/**
 * The reconciler of the {@code cdn} kind (ARCHITECTURE.md section 5): from the desired entry in the
 * informer cache and the observed rows, it runs the pre-deploy checks, claims the entry's host
 * names, runs the post-deploy check and records the verdict; an entry absent from the desired state
 * goes through {@link Retention}. Deploying is nothing for a CDN: frontends read the request DB.
 */
public final class EntryReconciler implements Reconciler {
  private final DesiredCache cache;
  private final InstanceStore requestDb;
  private final CertificateTimings timings;
  private final Optional<BackendProbes> probes;
  private final DomainStore domainDb;
  private final CheckChain checks;
  private final OwnershipCheck ownership;
  private final EntryPublisher publisher;
  private final Optional<PublishedSections> published;
  private final Duration postDeployRecheck;
  private final RemovalHold removalHold;
  private final Retention retention;
  private final StateWriter writer;
  private final Consumer<String> requeue;
  private final Clock clock;

  /**
   * @param requeue queues another entry's reference: entries that wanted a host this one released
   * @param probes where the live probes of backends are kept; empty when backends are not probed
   */
  public EntryReconciler(
      DesiredCache cache,
      InstanceStore requestDb,
      DomainStore domainDb,
      CheckChain checks,
      OwnershipCheck ownership,
      EntryPublisher publisher,
      LifecyclePolicy policy,
      RemovalHold removalHold,
      BangLedger bangs,
      Consumer<String> requeue,
      Optional<BackendProbes> probes,
      Clock clock) {
    this.cache = cache;
    this.requestDb = requestDb;
    this.timings = requestDb.certificateTimings();
    this.probes = probes;
    this.domainDb = domainDb;
    this.checks = checks;
    this.ownership = ownership;
    this.publisher = publisher;
    this.published = policy.publishFile().map(PublishedSections::new);
    this.postDeployRecheck = policy.postDeployRecheck();
    this.removalHold = removalHold;
    this.requeue = requeue;
    this.retention =
        new Retention(requestDb, domainDb, bangs, policy.retentionDelay(), this::released, clock);
    this.writer = new StateWriter(requestDb, bangs, clock);
    this.clock = clock;
  }

  @Override
  public Result reconcile(String reference) throws Exception {
    Optional<DesiredResource> desired = cache.resource(reference);
    Optional<InstanceRow> observed = requestDb.find(reference);
    Optional<String> absentSince = requestDb.absentSince(reference);
    if (desired.isEmpty()) {
      ownership.forget(reference);
      if (removalHold.isHeld(reference)) {
        return Result.done();
      }
      return retention.absent(reference, observed, absentSince);
    }
    InstanceRow row = desired.get().row();
    if (InstanceRow.STOPPED.equals(row.state())) {
      ownership.forget(reference);
      writer.record(row, observed, absentSince.isPresent(), Verdict.stopped(), false);
      timings.record(reference, Optional.empty(), Optional.empty());
      probes.ifPresent(
          p -> p.expect(reference, p.find(reference), Optional.empty(), clock.instant()));
      publisher.publish(reference, Verdict.stopped());
      return Result.done();
    }
    retention.returning(observed, absentSince);
    Set<String> held = releaseUnwanted(desired.get());
    EntrySnapshot gathered = snapshot(desired.get());
    // The DNS challenge comes after the schema (ARCHITECTURE.md section 5): an entry the schema
    // refuses is not looked up, nor can it become a domain's first validated claimant.
    boolean schemaInvalid = InstanceRow.INVALID.equals(row.state());
    if (schemaInvalid) {
      ownership.forget(reference);
    }
    Ownership owned = schemaInvalid ? Ownership.proven() : ownership.check(gathered);
    EntrySnapshot snapshot = withoutDomainHolder(gathered, owned);
    List<CheckFailure> failures = new ArrayList<>(checks.run(snapshot));
    owned.failure().ifPresent(failures::add);
    if (passes(failures) && !claimHosts(snapshot, held)) {
      // Another entry claimed one of the hosts since the snapshot: a new one names it.
      failures.clear();
      failures.addAll(checks.run(snapshot(desired.get())));
      if (passes(failures)) {
        throw new IllegalStateException("a host claim failed, yet no other entry holds the hosts");
      }
    }
    boolean waitingForDeploy = passes(failures) && !deployed(reference);
    if (waitingForDeploy) {
      failures.add(
          CheckFailure.of(
              Reason.CLUSTER_DEPLOYING,
              "the CDN cluster is still deploying this entry: it will be served once deployed"));
    }
    Verdict verdict = Verdict.of(failures);
    writer.record(row, observed, absentSince.isPresent(), verdict, waitingForDeploy);
    // Persisted, not only requeued in memory: a cron run or a restarted daemon re-checks it then.
    Optional<Instant> changesAt = checks.changesAt(snapshot);
    timings.record(reference, changesAt, checks.certificateExpiry(snapshot));
    // The prober probes what the latest parameters name; the schema refuses the others anyway.
    probes.ifPresent(
        p ->
            p.expect(
                reference,
                snapshot.backendProbe(),
                schemaInvalid
                    ? Optional.empty()
                    : BackendTargets.digest(BackendTargets.of(snapshot.parameters())),
                snapshot.now()));
    publisher.publish(reference, verdict);
    if (waitingForDeploy) {
      return Result.requeueAfter(postDeployRecheck);
    }
    Optional<Duration> timed = changesAt.map(at -> Duration.between(snapshot.now(), at));
    return Stream.of(owned.recheckAfter(), timed)
        .flatMap(Optional::stream)
        .filter(delay -> delay.isPositive())
        .min(Duration::compareTo)
        .map(Result::requeueAfter)
        .orElse(Result.done());
  }

  /** No finding but warnings. */
  private static boolean passes(List<CheckFailure> findings) {
    return findings.stream().allMatch(CheckFailure::warning);
  }

  private EntrySnapshot snapshot(DesiredResource desired) {
    Map<String, String> owners = new LinkedHashMap<>();
    for (String host : desired.hosts()) {
      domainDb.hostOwner(host, desired.reference()).ifPresent(owner -> owners.put(host, owner));
    }
    return new EntrySnapshot(
        desired.row(),
        JsonInXml.parameters(desired.row().jsonParameters()),
        desired.hosts(),
        owners,
        clock.instant(),
        probes.flatMap(p -> p.find(desired.reference())));
  }

  /**
   * The entry that validated a domain first also holds it as a host: that is one conflict, reported
   * as {@code domain-conflict} only. Otherwise the reason would depend on whether the holder had
   * claimed its hosts when the snapshot was taken, and flip between runs.
   */
  private static EntrySnapshot withoutDomainHolder(EntrySnapshot snapshot, Ownership owned) {
    return owned
        .failure()
        .filter(failure -> Reason.DOMAIN_CONFLICT.equals(failure.reason()))
        .map(failure -> snapshot.withoutOwnerOf(failure.details().get("domain")))
        .orElse(snapshot);
  }

  /**
   * Releases at once the hosts the entry holds but no longer asks for (its {@code custom_domain} or
   * an alias changed), whatever its checks decide next: another entry asking for an old name gets
   * it, never an {@code alias-conflict} against a name nobody uses.
   *
   * @return the hosts the entry still holds; only its own reconcile changes them until it claims
   */
  private Set<String> releaseUnwanted(DesiredResource desired) {
    Set<String> held = domainDb.hosts(desired.reference());
    Set<String> dropped = new HashSet<>(held);
    dropped.removeAll(desired.hosts());
    if (dropped.isEmpty()) {
      return held;
    }
    domainDb.releaseHosts(desired.reference(), dropped);
    released(desired.reference(), dropped);
    Set<String> kept = new HashSet<>(held);
    kept.removeAll(dropped);
    return kept;
  }

  /**
   * Claims the entry's hosts, writing only when they differ from {@code held}; false when another
   * got one.
   */
  private boolean claimHosts(EntrySnapshot snapshot, Set<String> held) {
    Set<String> wanted = new HashSet<>(snapshot.hosts());
    if (held.equals(wanted)) {
      return true;
    }
    if (!domainDb.claimHosts(snapshot.reference(), wanted)) {
      return false;
    }
    Set<String> dropped = new HashSet<>(held);
    dropped.removeAll(wanted);
    released(snapshot.reference(), dropped);
    return true;
  }

  private void released(String reference, Set<String> hosts) {
    for (String host : hosts) {
      for (String waiting : cache.referencesByHost(host)) {
        if (!waiting.equals(reference)) {
          requeue.accept(waiting);
        }
      }
    }
  }

  private boolean deployed(String reference) throws IOException {
    return published.isEmpty() || published.get().published(reference);
  }
}
