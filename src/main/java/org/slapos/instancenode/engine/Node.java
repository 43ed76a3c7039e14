package org.slapos.instancenode.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slapos.instancenode.cdn.BackendProbeRunner;
import org.slapos.instancenode.cdn.BangLedger;
import org.slapos.instancenode.cdn.CheckChain;
import org.slapos.instancenode.cdn.EntryPublisher;
import org.slapos.instancenode.cdn.EntryReconciler;
import org.slapos.instancenode.cdn.HostNames;
import org.slapos.instancenode.cdn.LifecyclePolicy;
import org.slapos.instancenode.cdn.Reason;
import org.slapos.instancenode.cdn.RemovalHold;
import org.slapos.instancenode.config.BackendProbeMode;
import org.slapos.instancenode.config.BackendProbeSettings;
import org.slapos.instancenode.config.ConfigException;
import org.slapos.instancenode.config.DesiredStateSetting;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.config.NodeKind;
import org.slapos.instancenode.desired.DesiredCache;
import org.slapos.instancenode.desired.DesiredPoller;
import org.slapos.instancenode.desired.DesiredStateSource;
import org.slapos.instancenode.desired.FileSource;
import org.slapos.instancenode.desired.InstanceDbFile;
import org.slapos.instancenode.desired.MasterSource;
import org.slapos.instancenode.dns.ChallengeSecret;
import org.slapos.instancenode.dns.VerificationSecrets;
import org.slapos.instancenode.files.FileErrors;
import org.slapos.instancenode.generic.GenericReconciler;
import org.slapos.instancenode.generic.RequestTemplate;
import org.slapos.instancenode.master.ConfiguredMaster;
import org.slapos.instancenode.master.SharedInstanceList;
import org.slapos.instancenode.publish.ErrorReporter;
import org.slapos.instancenode.queue.RateLimiters;
import org.slapos.instancenode.queue.RateLimitingQueue;
import org.slapos.instancenode.reconcile.Commits;
import org.slapos.instancenode.reconcile.Controller;
import org.slapos.instancenode.reconcile.Reconciler;
import org.slapos.instancenode.schema.SchemaPass;
import org.slapos.instancenode.schema.SchemaSource;
import org.slapos.instancenode.store.Batch;
import org.slapos.instancenode.store.DomainStore;
import org.slapos.instancenode.store.GroupCommit;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.store.IntegrityCheck;
import org.slapos.instancenode.store.StoreException;
import org.slapos.instancenode.time.Deadline;
import org.slapos.instancenode.tls.BackendProber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's parts, wired from its configuration: the stores, the informer cache, the queue, the
 * workers, the reconciler, the pass and the bang coordinator. The drivers ({@link RunOnce}, {@link
 * Daemon}) decide when passes run. Closing stops the workers and closes the stores.
 */
final class Node implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);
  private static final Duration STALL_CHECK = Duration.ofSeconds(1);

  /**
   * At a run-once's deadline, how long the reconciles in flight may take to end: their DNS
   * questions end at the deadline, so this only covers a store write or a master call.
   */
  static final Duration IN_FLIGHT_GRACE = Duration.ofSeconds(5);

  /** How often the daemon looks for due backend probes: new entries are probed this soon. */
  private static final Duration PROBE_POLL = Duration.ofSeconds(5);

  private final InstanceDbFile instanceDb;
  private final InstanceStore requestDb;
  private final Optional<DomainStore> domainDb;
  private final RateLimitingQueue<String> queue;
  private final Controller controller;
  private final Pass pass;
  private final BangCoordinator bangs;
  private final DesiredStateSource source;
  private final Optional<DomainGate> gate;
  private final Optional<ConfiguredMaster> master;
  private final GroupCommit groupCommit;
  private final Optional<BackendProbeRunner> prober;
  private final Clock clock;
  // False after a run-once's pass that left the cache empty: no probe may read it then.
  private volatile boolean probesAllowed = true;
  private final ScheduledExecutorService probing =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "backend-probes");
            thread.setDaemon(true);
            return thread;
          });

  private Node(
      NodeConfig config,
      Optional<ChallengeSecret> secret,
      Stores stores,
      Optional<ConfiguredMaster> master,
      BangTarget target,
      NodeMetrics metrics,
      Deadline deadline,
      Clock clock) {
    this.clock = clock;
    this.instanceDb = stores.instanceDb;
    this.requestDb = stores.requestDb;
    this.domainDb = stores.domainDb;
    this.master = master;
    this.source = source(config, master);
    DesiredCache cache = new DesiredCache();
    DesiredPoller poller = new DesiredPoller(cache, config.entryBounds());
    queue =
        new RateLimitingQueue<>(
            "cdn-instance-node",
            RateLimiters.defaultControllerRateLimiter(clock),
            clock,
            metrics.queues());
    bangs =
        new BangCoordinator(
            requestDb,
            master.<BangTarget>map(m -> m.writes()::bang).orElse(target),
            config.bangMinInterval(),
            clock,
            metrics.passes());
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
    EntryPublisher reporter =
        config.reportError() && master.isPresent()
            ? new ErrorReporter(master.get().writes(), requestDb.published(), clock)
            : EntryPublisher.NONE;
    // In drop-in mode slapconfiguration found and reported the schema errors: report only ours.
    EntryPublisher errors =
        config.desiredState() instanceof DesiredStateSetting.InstanceDb
            ? (reference, verdict) -> reporter.publish(reference, verdict.without(Reason.SCHEMA))
            : reporter;
    Reconciler reconciler;
    BackendProbeSettings probeSettings = config.backendProbe();
    boolean probe = config.kind() == NodeKind.CDN && probeSettings.mode() != BackendProbeMode.OFF;
    prober =
        probe
            ? Optional.of(
                new BackendProbeRunner(
                    requestDb.backendProbes(),
                    cache,
                    new BackendProber(
                        probeSettings.timeout(),
                        probeSettings.allowPrivate(),
                        BackendProber.Resolver.SYSTEM,
                        clock),
                    probeSettings.concurrency(),
                    probeSettings.interval(),
                    queue::add,
                    metrics.backendProbes(),
                    clock))
            : Optional.empty();
    if (config.kind() == NodeKind.GENERIC) {
      gate = Optional.empty();
      reconciler =
          new GenericReconciler(
              cache,
              requestDb,
              master.orElseThrow().writes(),
              RequestTemplate.of(config),
              errors,
              ledger,
              config.resyncPeriod(),
              clock);
    } else {
      DomainStore domains = domainDb.orElseThrow();
      DomainGate domainGate =
          new DomainGate(config, secret.orElseThrow(), domains, metrics.dns(), deadline, clock);
      gate = Optional.of(domainGate);
      reconciler =
          new EntryReconciler(
              cache,
              requestDb,
              domains,
              CheckChain.cdn(
                  HostNames.withPrivateSuffixes(config.privateSuffixes()),
                  config.certExpiryWarning(),
                  probeSettings.mode() == BackendProbeMode.ENFORCE),
              domainGate.ownership(),
              errors,
              new LifecyclePolicy(
                  config.publishSlaveInformationFile(),
                  config.resyncPeriod(),
                  config.instanceRetentionDelay()),
              hold,
              ledger,
              queue::add,
              probe ? Optional.of(requestDb.backendProbes()) : Optional.empty(),
              clock);
    }
    groupCommit = GroupCommit.over(domainDb, requestDb);
    controller =
        new Controller(
            queue,
            reconciler,
            config.workers(),
            metrics.reconciles(),
            clock,
            commitsOf(groupCommit));
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
            () -> gate.map(DomainGate::nextChecks).orElse(Map.of()),
            metrics.passes(),
            clock);
  }

  private static Commits commitsOf(GroupCommit groupCommit) {
    return new Commits() {
      @Override
      public Scope begin() {
        GroupCommit.Scope scope = groupCommit.begin();
        return then -> scope.end(then::accept);
      }

      @Override
      public void flush() {
        groupCommit.flush();
      }
    };
  }

  /**
   * {@link #open(NodeConfig, IntegrityCheck, BangTarget, NodeMetrics, Deadline, Clock)} without a
   * deadline: the daemon's.
   */
  static Node open(
      NodeConfig config,
      IntegrityCheck check,
      BangTarget target,
      NodeMetrics metrics,
      Clock clock) {
    return open(config, check, target, metrics, Deadline.NONE, clock);
  }

  /**
   * Opens the stores (creating them and their directories when needed) and wires the parts.
   *
   * @param deadline bounds every DNS question and every master call (a run-once's)
   * @throws ConfigException for a configuration this version cannot run
   */
  static Node open(
      NodeConfig config,
      IntegrityCheck check,
      BangTarget target,
      NodeMetrics metrics,
      Deadline deadline,
      Clock clock) {
    boolean noMaster = config.masterApiUrl().isEmpty() && config.serverUrl().isEmpty();
    if (config.kind() == NodeKind.GENERIC && noMaster) {
      throw new ConfigException(
          "kind = generic requests instances from the master: set master-api-url or server-url");
    }
    if (config.reportError() && noMaster) {
      LOG.atWarn()
          .setMessage(
              "report-error is on but neither master-api-url nor server-url is set:"
                  + " errors are not reported")
          .log();
    }
    Optional<ChallengeSecret> secret =
        config.kind() == NodeKind.CDN
            ? Optional.of(
                VerificationSecrets.resolve(
                    config.verificationSecret(),
                    prepared(
                        config.domainValidationDbPath().orElseThrow(),
                        "domain-validation-db-path")))
            : Optional.empty();
    Optional<ConfiguredMaster> master = ConfiguredMaster.open(config, metrics.master(), deadline);
    master.ifPresentOrElse(
        m ->
            LOG.atInfo()
                .setMessage("writes go to the master")
                .addKeyValue("master", m.describe())
                .log(),
        () -> LOG.atInfo().setMessage("no master configured: bangs are only logged").log());
    Stores stores;
    try {
      stores = Stores.open(config, check);
    } catch (RuntimeException e) {
      master.ifPresent(ConfiguredMaster::close);
      throw e;
    }
    try {
      return new Node(config, secret, stores, master, target, metrics, deadline, clock);
    } catch (RuntimeException e) {
      stores.close();
      master.ifPresent(ConfiguredMaster::close);
      throw e;
    }
  }

  private record Stores(
      InstanceDbFile instanceDb, InstanceStore requestDb, Optional<DomainStore> domainDb) {
    static Stores open(NodeConfig config, IntegrityCheck check) {
      List<AutoCloseable> opened = new ArrayList<>();
      try {
        InstanceDbFile instanceDb = instanceDb(config, check);
        opened.add(instanceDb);
        InstanceStore requestDb =
            named(
                "requestinstance-db-path",
                () ->
                    InstanceStore.openRequestDb(
                        prepared(config.requestInstanceDbPath(), "requestinstance-db-path"),
                        check));
        opened.add(requestDb);
        // The generic kind has no domains to gate; a cdn node always has its domain DB.
        Optional<DomainStore> domainDb =
            config.kind() == NodeKind.CDN
                ? Optional.of(
                    named(
                        "domain-validation-db-path",
                        () ->
                            DomainStore.open(
                                prepared(
                                    config.domainValidationDbPath().orElseThrow(),
                                    "domain-validation-db-path"),
                                check)))
                : Optional.empty();
        return new Stores(instanceDb, requestDb, domainDb);
      } catch (RuntimeException e) {
        opened.forEach(Stores::closeQuietly);
        throw e;
      }
    }

    // A store that cannot be opened is named by the key that gave its path.
    private static <T> T named(String key, Supplier<T> open) {
      try {
        return open.get();
      } catch (StoreException e) {
        throw e.named(key);
      }
    }

    /**
     * In instance-db mode slapconfiguration writes the instance DB: a missing file means it has not
     * run yet, not that every entry was removed, so it is never created, and a file that replaces
     * it is read instead (see {@link InstanceDbFile}). Otherwise the node writes its own.
     */
    private static InstanceDbFile instanceDb(NodeConfig config, IntegrityCheck check) {
      long bound = config.entryBounds().maxBytes();
      if (config.desiredState() instanceof DesiredStateSetting.InstanceDb) {
        return InstanceDbFile.writtenBySlapconfiguration(
            config.instanceDbPath(),
            file ->
                named("instance-db-path", () -> InstanceStore.openExisting(file, check, bound)));
      }
      return InstanceDbFile.own(
          named(
              "instance-db-path",
              () ->
                  InstanceStore.open(
                      prepared(config.instanceDbPath(), "instance-db-path"), check, bound)));
    }

    void close() {
      closeQuietly(instanceDb);
      closeQuietly(requestDb);
      domainDb.ifPresent(Stores::closeQuietly);
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
  static Path prepared(Path file, String key) {
    Path directory = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      // An operator's error to fix, not a bug: one line naming the path and the key.
      throw new ConfigException(
          key
              + " = "
              + file
              + ": cannot create its directory "
              + directory
              + ": "
              + FileErrors.words(e));
    }
    return file;
  }

  private static DesiredStateSource source(NodeConfig config, Optional<ConfiguredMaster> master) {
    SharedInstanceList list = new SharedInstanceList(config.entryBounds());
    return switch (config.desiredState()) {
      case DesiredStateSetting.File file ->
          new FileSource(file.path(), list, "desired-state = file:" + file.path());
      case DesiredStateSetting.Master m ->
          new MasterSource(
              master.flatMap(ConfiguredMaster::lister).orElseThrow(),
              master.flatMap(ConfiguredMaster::hostInstance).orElseThrow(),
              list);
      case DesiredStateSetting.InstanceDb db -> null;
    };
  }

  private Optional<Supplier<SchemaPass.Outcome>> schemaStep(NodeConfig config, Clock clock) {
    if (source == null) {
      return Optional.empty();
    }
    SchemaSource schema =
        config.slaveSchema().isPresent()
            ? SchemaSource.ofSchemaFile(config.slaveSchema().get(), "slave-schema")
            : SchemaSource.ofSoftwareDescription(
                config.softwareSchema().orElseThrow(),
                config.softwareType().orElseThrow(),
                "software-schema");
    SchemaPass schemaPass =
        new SchemaPass(schema, config.unstringify(), instanceDb.current(), clock);
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

  /**
   * A run-once's pass ({@link Pass#runUnlessIdle()}): a full one when backend probes are due, since
   * they read the cache; after one that left the cache empty, {@link #probeBackends} probes none
   * (what fell due since waits for the next run).
   */
  Pass.Report passOnce() {
    boolean probesDue =
        prober.isPresent() && !requestDb.backendProbes().due(clock.instant()).isEmpty();
    Pass.Report report = probesDue ? pass.run(true) : pass.runUnlessIdle();
    probesAllowed = report.synced();
    return report;
  }

  void start() {
    controller.start();
  }

  /** See {@link Pass#recordScreen()}. */
  void recordScreen() {
    pass.recordScreen();
  }

  /**
   * Waits until everything queued is reconciled and every failed reconcile retried until it
   * succeeded (not what waits on a chosen delay), or until {@code deadline}; the workers keep
   * running.
   *
   * @return false when the deadline came first
   */
  boolean settle(Deadline deadline) throws InterruptedException {
    return controller.awaitSettled(deadline, STALL_CHECK);
  }

  /**
   * Runs the backend probes due now (run-once), requeueing the entries whose outcome changed.
   *
   * @return the entries left unprobed, still due, since their probes could not end by {@code
   *     deadline}
   */
  List<String> probeBackends(Deadline deadline) throws InterruptedException {
    return prober.isPresent() && probesAllowed
        ? prober.get().runDue(deadline).notProbed()
        : List.of();
  }

  /**
   * At the deadline: drops what is queued, waits {@link #IN_FLIGHT_GRACE} for the reconciles in
   * flight, and says which entries were left unchecked, each with why; see {@link
   * Controller#abandon}.
   */
  SortedMap<String, String> abandon() throws InterruptedException {
    return controller.abandon(IN_FLIGHT_GRACE);
  }

  /**
   * The daemon: runs the backend probes due every {@link #PROBE_POLL}, on a thread of their own,
   * never in a pass; a failed round is logged and the next one retries.
   */
  void startProbing() {
    prober.ifPresent(
        runner ->
            probing.scheduleWithFixedDelay(
                () -> {
                  try {
                    runner.runDue();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } catch (RuntimeException e) {
                    LOG.atError().setMessage("a round of backend probes failed").setCause(e).log();
                  }
                },
                0,
                PROBE_POLL.toMillis(),
                TimeUnit.MILLISECONDS));
  }

  /** SIGHUP: pending DNS challenges start their re-check schedule again. */
  void hangup() {
    gate.ifPresent(DomainGate::hangup);
  }

  /** How many pending DNS challenges are not due yet. */
  int challengesWaiting() {
    return gate.map(DomainGate::waiting).orElse(0);
  }

  /**
   * Reconciles everything queued, including what those reconciles queue (entries waiting for a host
   * another released), but not what waits on a delay; then stops the workers.
   */
  void drain() throws InterruptedException {
    controller.finish(STALL_CHECK);
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

  InstanceStore requestDb() {
    return requestDb;
  }

  @Override
  public void close() {
    probing.shutdownNow();
    queue.shutDown();
    master.ifPresent(ConfiguredMaster::close);
    try {
      groupCommit.close();
    } finally {
      new Stores(instanceDb, requestDb, domainDb).close();
    }
  }
}
