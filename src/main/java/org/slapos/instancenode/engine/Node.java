package org.slapos.instancenode.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slapos.instancenode.cdn.BangLedger;
import org.slapos.instancenode.cdn.ChallengePlan;
import org.slapos.instancenode.cdn.CheckChain;
import org.slapos.instancenode.cdn.DomainOwnership;
import org.slapos.instancenode.cdn.EntryReconciler;
import org.slapos.instancenode.cdn.LifecyclePolicy;
import org.slapos.instancenode.cdn.PendingChallenges;
import org.slapos.instancenode.cdn.RemovalHold;
import org.slapos.instancenode.config.ConfigException;
import org.slapos.instancenode.config.DesiredStateSetting;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.config.NodeKind;
import org.slapos.instancenode.desired.DesiredCache;
import org.slapos.instancenode.desired.DesiredPoller;
import org.slapos.instancenode.desired.DesiredStateSource;
import org.slapos.instancenode.desired.FileSource;
import org.slapos.instancenode.dns.ChallengeSecret;
import org.slapos.instancenode.dns.ChallengeTokens;
import org.slapos.instancenode.dns.DnsLookups;
import org.slapos.instancenode.dns.VerificationSecrets;
import org.slapos.instancenode.queue.RateLimiters;
import org.slapos.instancenode.queue.RateLimitingQueue;
import org.slapos.instancenode.reconcile.Controller;
import org.slapos.instancenode.schema.SchemaPass;
import org.slapos.instancenode.schema.SchemaSource;
import org.slapos.instancenode.store.Batch;
import org.slapos.instancenode.store.DomainStore;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.store.IntegrityCheck;

/**
 * One node's parts, wired from its configuration: the stores, the informer cache, the queue, the
 * workers, the reconciler, the pass and the bang coordinator. The drivers ({@link RunOnce}, {@link
 * Daemon}) decide when passes run. Closing stops the workers and closes the stores.
 */
final class Node implements AutoCloseable {
  private final InstanceStore instanceDb;
  private final InstanceStore requestDb;
  private final DomainStore domainDb;
  private final RateLimitingQueue<String> queue;
  private final Controller controller;
  private final Pass pass;
  private final BangCoordinator bangs;
  private final DesiredStateSource source;
  private final DnsLookups dns;
  private final PendingChallenges pendingChallenges;

  private Node(
      NodeConfig config,
      ChallengeSecret secret,
      Stores stores,
      BangTarget target,
      NodeMetrics metrics,
      Clock clock) {
    this.instanceDb = stores.instanceDb;
    this.requestDb = stores.requestDb;
    this.domainDb = stores.domainDb;
    this.source = source(config);
    DesiredCache cache = new DesiredCache();
    DesiredPoller poller = new DesiredPoller(cache);
    queue =
        new RateLimitingQueue<>(
            "cdn-instance-node",
            RateLimiters.defaultControllerRateLimiter(clock),
            clock,
            metrics.queues());
    bangs =
        new BangCoordinator(requestDb, target, config.bangMinInterval(), clock, metrics.passes());
    BangLedger ledger =
        new BangLedger() {
          @Override
          public void owe(Batch batch) {
            BangCoordinator.owe(batch, clock.instant());
          }

          @Override
          public void owed() {
            bangs.noteOwed();
          }
        };
    RemovalHold hold = new RemovalHold();
    dns = DnsLookups.from(config, metrics.dns());
    pendingChallenges =
        new PendingChallenges(config.challengeRecheckMin(), config.challengeRecheckMax());
    DomainOwnership ownership =
        new DomainOwnership(
            domainDb,
            new ChallengePlan(new ChallengeTokens(secret), config.dnsEntryName()),
            dns,
            pendingChallenges,
            clock);
    EntryReconciler reconciler =
        new EntryReconciler(
            cache,
            requestDb,
            domainDb,
            CheckChain.cdn(),
            ownership,
            new LifecyclePolicy(
                config.publishSlaveInformationFile(),
                config.resyncPeriod(),
                config.instanceRetentionDelay()),
            hold,
            ledger,
            queue::add,
            clock);
    controller = new Controller(queue, reconciler, config.workers(), metrics.reconciles(), clock);
    pass =
        new Pass(
            schemaStep(config, clock),
            instanceDb,
            requestDb,
            cache,
            poller,
            new WorkPlanner(config.instanceRetentionDelay()),
            hold,
            queue,
            metrics.passes(),
            clock);
  }

  /**
   * Opens the stores (creating them and their directories when needed) and wires the parts.
   *
   * @throws ConfigException for a configuration this version cannot run
   */
  static Node open(
      NodeConfig config,
      IntegrityCheck check,
      BangTarget target,
      NodeMetrics metrics,
      Clock clock) {
    if (config.kind() != NodeKind.CDN) {
      throw new ConfigException("kind = " + config.kind() + " is not supported by this version");
    }
    if (config.desiredState() instanceof DesiredStateSetting.Master) {
      throw new ConfigException(
          "desired-state = master is not supported by this version; use instance-db or file:PATH");
    }
    ChallengeSecret secret =
        VerificationSecrets.resolve(
            config.verificationSecret(), prepared(config.domainValidationDbPath().orElseThrow()));
    Stores stores = Stores.open(config, check);
    try {
      return new Node(config, secret, stores, target, metrics, clock);
    } catch (RuntimeException e) {
      stores.close();
      throw e;
    }
  }

  private record Stores(InstanceStore instanceDb, InstanceStore requestDb, DomainStore domainDb) {
    static Stores open(NodeConfig config, IntegrityCheck check) {
      List<AutoCloseable> opened = new ArrayList<>();
      try {
        InstanceStore instanceDb = InstanceStore.open(prepared(config.instanceDbPath()), check);
        opened.add(instanceDb);
        InstanceStore requestDb =
            InstanceStore.openRequestDb(prepared(config.requestInstanceDbPath()), check);
        opened.add(requestDb);
        DomainStore domainDb =
            DomainStore.open(prepared(config.domainValidationDbPath().orElseThrow()), check);
        return new Stores(instanceDb, requestDb, domainDb);
      } catch (RuntimeException e) {
        opened.forEach(Stores::closeQuietly);
        throw e;
      }
    }

    void close() {
      List.of(instanceDb, requestDb, domainDb).forEach(Stores::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // Closing after another failure: that first failure is the one to report.
      }
    }
  }

  /** {@code file}, after creating its directory, so a fresh node needs no set-up. */
  static Path prepared(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory of " + file, e);
    }
    return file;
  }

  private static DesiredStateSource source(NodeConfig config) {
    return config.desiredState() instanceof DesiredStateSetting.File file
        ? new FileSource(file.path())
        : null;
  }

  private Optional<Supplier<SchemaPass.Outcome>> schemaStep(NodeConfig config, Clock clock) {
    if (source == null) {
      return Optional.empty();
    }
    SchemaSource schema =
        config.slaveSchema().isPresent()
            ? SchemaSource.ofSchemaFile(config.slaveSchema().get())
            : SchemaSource.ofSoftwareDescription(
                config.softwareSchema().orElseThrow(), config.softwareType().orElseThrow());
    SchemaPass schemaPass = new SchemaPass(schema, config.unstringify(), instanceDb, clock);
    return Optional.of(() -> schemaPass.run(source.read()));
  }

  /** Where the desired state comes from, for summaries and logs. */
  String describeSource() {
    return source == null ? "instance-db:" + instanceDb.file() : source.describe();
  }

  /** Runs one pass; see {@link Pass#run}. */
  Pass.Report pass(boolean recheckInvalid) {
    return pass.run(recheckInvalid);
  }

  void start() {
    controller.start();
  }

  /** SIGHUP: pending DNS challenges start their re-check schedule again. */
  void hangup() {
    pendingChallenges.reset();
  }

  /** Reconciles everything queued (not what waits on a delay), then stops the workers. */
  void drain() throws InterruptedException {
    controller.drain();
  }

  /** Stops taking work and waits up to {@code bound} for the reconciles in flight. */
  boolean stop(Duration bound) throws InterruptedException {
    return controller.stop(bound);
  }

  BangCoordinator bangs() {
    return bangs;
  }

  RateLimitingQueue<String> queue() {
    return queue;
  }

  Controller controller() {
    return controller;
  }

  InstanceStore instanceDb() {
    return instanceDb;
  }

  InstanceStore requestDb() {
    return requestDb;
  }

  @Override
  public void close() {
    queue.shutDown();
    dns.close();
    new Stores(instanceDb, requestDb, domainDb).close();
  }
}
