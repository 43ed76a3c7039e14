package org.slapos.instancenode.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slapos.instancenode.store.Batch;
import org.slapos.instancenode.store.InstanceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coalesces the bangs of the host instance that state changes owe, keeping the debt in the request
 * DB's {@code node_meta} table so that it outlives the process.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>A bang is owed in the same transaction as the state change that owes it ({@link #owe}), so
 *       a committed change is never left unannounced, and nothing is announced before it is
 *       committed.
 *   <li>{@link #flush()} sends at most one bang for everything owed so far, and starts at most one
 *       attempt per {@code minInterval}. The time of the last attempt is kept in {@code node_meta}
 *       too (recorded before sending), so processes started one after the other (run-once from
 *       cron) respect the interval between them.
 *   <li>An owed bang survives a crash: a coordinator opened later on the same request DB finds the
 *       marker and sends it.
 *   <li>No bang is lost: the marker is cleared after a successful bang only if no change owed a
 *       bang again meanwhile ({@link InstanceStore#replaceMeta}); otherwise another bang follows.
 *   <li>A failed bang stays owed, is logged once and reported to {@link PassMetrics#bang}, and is
 *       retried by a later flush no sooner than {@code minInterval} after the failed attempt.
 * </ul>
 *
 * <p>Thread-safety: {@link #owe} and {@link #noteOwed()} may be called from any thread; {@link
 * #flush()} calls are serialised (meant for the loop's thread). Caller duties: the state writer
 * calls {@link #owe} on the batch of the change, commits it, then calls {@link #noteOwed()}; the
 * loop calls {@link #flush()} again when the delay it returned has passed.
 */
public final class BangCoordinator {
  /** The {@code node_meta} key of the owed marker: an opaque value, new at every owe. */
  public static final String OWED_KEY = "bang-owed";

  /** The {@code node_meta} key of the start of the last bang attempt (ISO-8601 instant). */
  public static final String LAST_ATTEMPT_KEY = "bang-last-attempt";

  /** The message sent with every bang. */
  public static final String MESSAGE = "cdn-instance-node: the states of shared instances changed";

  private static final Logger LOG = LoggerFactory.getLogger(BangCoordinator.class);

  private final InstanceStore requestDb;
  private final BangTarget target;
  private final Duration minInterval;
  private final Clock clock;
  private final PassMetrics metrics;

  /** How many owes were noted; the debt is settled when a bang covered all of them. */
  private final AtomicLong owes = new AtomicLong();

  /** When the debt began: the first owe not covered by a bang; null while nothing is owed. */
  private final AtomicReference<Instant> owedSince = new AtomicReference<>();

  private volatile Runnable owedListener = () -> {};
  private long settled;
  private Instant lastAttempt;

  /**
   * Reads the owed marker and the last attempt from {@code requestDb}.
   *
   * @param minInterval the least time between two bang attempts ({@code bang-min-interval})
   * @throws IllegalArgumentException when {@code minInterval} is negative
   */
  public BangCoordinator(
      InstanceStore requestDb,
      BangTarget target,
      Duration minInterval,
      Clock clock,
      PassMetrics metrics) {
    if (minInterval.isNegative()) {
      throw new IllegalArgumentException("bang-min-interval is negative: " + minInterval);
    }
    this.requestDb = requestDb;
    this.target = target;
    this.minInterval = minInterval;
    this.clock = clock;
    this.metrics = metrics;
    Optional<String> marker = requestDb.meta(OWED_KEY);
    if (marker.isPresent()) {
      owes.set(1);
      // The marker holds the time of the latest owe: the debt is at least that old.
      owedSince.set(markerTime(marker.get()).orElse(clock.instant()));
    }
    lastAttempt = requestDb.meta(LAST_ATTEMPT_KEY).flatMap(this::parseAttempt).orElse(null);
  }

  /**
   * Adds the owed marker to {@code batch}, to be committed with the state change that owes the
   * bang. Each call writes a new value, which is how a flush in progress learns of it.
   */
  public static void owe(Batch batch, Instant now) {
    batch.meta(OWED_KEY, now + " " + UUID.randomUUID());
  }

  /** Tells the coordinator that a batch with {@link #owe} was committed. Quick, lock-free. */
  public void noteOwed() {
    owes.incrementAndGet();
    owedSince.compareAndSet(null, clock.instant());
    owedListener.run();
  }

  /**
   * Runs {@code listener} after each {@link #noteOwed()}, on the caller's thread: how the loop that
   * calls {@link #flush()} learns that a bang is owed, instead of waiting for its next pass. The
   * listener must be quick and must not throw.
   */
  public void onOwed(Runnable listener) {
    owedListener = listener;
  }

  /**
   * Sends one bang for everything owed so far, unless nothing is owed or the last attempt was less
   * than {@code minInterval} ago. A failure of the target is handled here (logged, counted, kept
   * owed); a failure of the request DB is thrown, and the debt stays.
   *
   * @return when to flush again: empty when nothing is owed any more
   */
  public synchronized Optional<Duration> flush() {
    long seen = owes.get();
    if (seen == settled) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (lastAttempt != null && lastAttempt.isAfter(now)) {
      // The clock stepped back: wait one interval from now, not until the old time comes again.
      lastAttempt = now;
    }
    Duration wait = untilDue(now);
    if (!wait.isZero()) {
      return Optional.of(wait);
    }
    Optional<String> marker = requestDb.meta(OWED_KEY);
    if (marker.isEmpty()) {
      settled = seen;
      return stillOwed(now);
    }
    // Recorded before sending: a crash right after the bang must not allow a second one early.
    requestDb.batch().meta(LAST_ATTEMPT_KEY, now.toString()).commit();
    lastAttempt = now;
    if (send() && requestDb.replaceMeta(OWED_KEY, marker.get(), null)) {
      settled = seen;
    }
    return stillOwed(now);
  }

  private boolean send() {
    try {
      target.bang(MESSAGE);
    } catch (Exception e) {
      metrics.bang(false);
      var event =
          LOG.atWarn()
              .setMessage("bang of the host instance failed; it stays owed")
              .addKeyValue("error", String.valueOf(e))
              .addKeyValue("retryIn", minInterval);
      if (e instanceof RuntimeException) {
        event = event.setCause(e);
      }
      event.log();
      return false;
    }
    if (target.reachesMaster()) {
      metrics.bang(true);
      LOG.info("bang of the host instance sent");
    } else {
      metrics.bangLogged();
      LOG.atInfo()
          .setMessage("bang of the host instance logged (no master configured)")
          .addKeyValue("message", MESSAGE)
          .log();
    }
    return true;
  }

  /**
   * Since when a bang has been owed and not sent (after a restart: since the latest owe recorded
   * before it); empty while nothing is owed. Thread-safe, lock-free.
   */
  public Optional<Instant> owedSince() {
    return Optional.ofNullable(owedSince.get());
  }

  private Optional<Duration> stillOwed(Instant now) {
    if (owes.get() != settled) {
      return Optional.of(untilDue(now));
    }
    owedSince.set(null);
    // An owe noted while clearing: the new debt starts now.
    if (owes.get() != settled) {
      owedSince.compareAndSet(null, now);
      return Optional.of(untilDue(now));
    }
    return Optional.empty();
  }

  private static Optional<Instant> markerTime(String marker) {
    try {
      return Optional.of(Instant.parse(marker.split(" ", 2)[0]));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private Duration untilDue(Instant now) {
    if (lastAttempt == null) {
      return Duration.ZERO;
    }
    Duration wait = Duration.between(now, lastAttempt.plus(minInterval));
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  private Optional<Instant> parseAttempt(String value) {
    try {
      return Optional.of(Instant.parse(value));
    } catch (DateTimeParseException e) {
      LOG.atWarn()
          .setMessage("ignoring an unreadable last bang time")
          .addKeyValue("file", requestDb.file())
          .addKeyValue("key", LAST_ATTEMPT_KEY)
          .addKeyValue("value", value)
          .log();
      return Optional.empty();
    }
  }
}
