package org.slapos.instancenode.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: the writes of many threads to a few databases committed together, one transaction
 * per database every {@code maxWrites} writes or every {@code maxDelay}, whichever comes first,
 * instead of one transaction per write. What a commit costs (the pages it writes to the log) is
 * then shared by many writes.
 *
 * <p>A thread opts in with {@link #begin()}: until it ends the {@link Scope}, its writes to these
 * databases join their open group transaction (each in its own savepoint, so a failed write still
 * changes nothing) and return before they are committed. {@link Scope#end} says when: its action
 * runs once every write made by then, by any thread, to any of the databases is committed, or with
 * the failure when a commit lost them. This is how a caller delays an effect (marking its work
 * done, a log line, a bang) until what it depends on is committed, so that a crash at any moment
 * loses nothing the caller treated as done. Writes from other threads, and all writes while no
 * scope is open, are committed before they return, as without group commit; they first commit the
 * open groups.
 *
 * <p>Order: the databases are always committed in the order given, all of them at once (no grouped
 * write happens meanwhile). So a write is never committed before an earlier write to an earlier
 * database: give first the database whose facts another one shows (a DNS token in the domain DB
 * before the request DB row that shows it).
 *
 * <p>Loss: when a group is lost (its commit failed, or SQLite ended its transaction in a write),
 * the open groups of the databases not committed yet are rolled back with it, so that no database
 * keeps a part of what the reconciles of that round wrote: only an earlier database, committed
 * before the loss, keeps its writes (facts before the verdicts that show them, the order above).
 * Every scope that waited on a lost group, or that was open while one was lost (it may have read
 * its writes), is told the failure.
 *
 * <p>Readers in this process see the open groups' writes (one connection per file); other processes
 * see them once committed.
 *
 * <p>Thread-safe. Actions run on the thread that commits, after it released every lock; they must
 * be quick and must not throw. {@link #close()} commits what is open and stops the timer.
 */
public final class GroupCommit implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

  /**
   * The node's bound on the writes of one database's group: a commit's cost (the pages it appends
   * to the log) shared by up to this many reconciles' writes. The random keys of the indexes
   * (references, hashes) put most writes on a page of their own, so a larger group shares more of
   * them: at 100,000 entries, groups of up to 5,000 writes instead of 1,000 wrote a third fewer
   * pages.
   */
  public static final int MAX_WRITES = 5_000;

  /**
   * The node's bound on how long a write waits for its group's commit, hence to be visible to the
   * frontends: short next to a cron minute, long enough for a busy pass to fill large groups (20 ms
   * made groups of about 200 writes).
   */
  public static final Duration MAX_DELAY = Duration.ofMillis(100);

  private static final ThreadLocal<Scope> SCOPE = new ThreadLocal<>();

  private final List<SqliteDatabase> order;
  private final int maxWrites;
  // Shared by grouped writes, exclusive for commits: a commit of all the databases in order is
  // never interleaved with a grouped write.
  private final ReentrantReadWriteLock commitLock = new ReentrantReadWriteLock();
  private final AutoCloseable timer;
  // A group lost in a write, not at its commit: the next commit rolls back the other groups.
  private final AtomicReference<StoreException> lostInAWrite = new AtomicReference<>();
  // How many losses there were, and the last one: a scope open across one may have read lost
  // writes.
  private final AtomicLong losses = new AtomicLong();
  private final AtomicReference<StoreException> lastLoss = new AtomicReference<>();

  /**
   * @param maxWrites commit once a database's open group holds this many writes
   * @param maxDelay commit what is open at least this often
   * @param order the databases, committed in this order
   */
  GroupCommit(int maxWrites, Duration maxDelay, List<SqliteDatabase> order) {
    this(maxWrites, maxDelay, order, GroupCommit::everyOnATimerThread);
  }

  /** {@link #GroupCommit(int, Duration, List)} whose periodic commit {@code ticker} drives. */
  GroupCommit(int maxWrites, Duration maxDelay, List<SqliteDatabase> order, Ticker ticker) {
    if (maxWrites < 1) {
      throw new IllegalArgumentException("maxWrites must be at least 1: " + maxWrites);
    }
    this.maxWrites = maxWrites;
    this.order = List.copyOf(order);
    for (SqliteDatabase db : this.order) {
      db.joinGroupCommit(this);
    }
    timer = ticker.every(maxDelay, this::flush);
  }

  /** Runs a task periodically until closed; closing waits for a run in progress. */
  @FunctionalInterface
  interface Ticker {
    AutoCloseable every(Duration period, Runnable task);
  }

  private static AutoCloseable everyOnATimerThread(Duration period, Runnable task) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "group-commit");
              thread.setDaemon(true);
              return thread;
            });
    long millis = Math.max(1, period.toMillis());
    timer.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
    return () -> {
      timer.shutdownNow();
      timer.awaitTermination(10, TimeUnit.SECONDS);
    };
  }

  /**
   * Group commit over the domain DB (when there is one), then the request DB: a token is committed
   * no later than the verdict that shows it.
   */
  public static GroupCommit over(Optional<DomainStore> domainDb, InstanceStore requestDb) {
    List<SqliteDatabase> order = new ArrayList<>();
    domainDb.ifPresent(d -> order.add(d.database()));
    order.add(requestDb.database());
    return new GroupCommit(MAX_WRITES, MAX_DELAY, order);
  }

  /**
   * Starts grouping the calling thread's writes; end the scope on the same thread.
   *
   * @throws IllegalStateException when this thread's scope is still open
   */
  public Scope begin() {
    if (SCOPE.get() != null) {
      throw new IllegalStateException("a group commit scope is already open on this thread");
    }
    Scope scope = new Scope(losses.get());
    SCOPE.set(scope);
    return scope;
  }

  /** Commits every open group now, in order. */
  public void flush() {
    List<CommitGroup> ended = new ArrayList<>();
    commitLock.writeLock().lock();
    try {
      commitAll(ended);
    } finally {
      commitLock.writeLock().unlock();
      CommitGroup.runActions(ended);
    }
  }

  /**
   * Commits each database's open group in order, until one is lost: the later ones are then rolled
   * back. A loss is logged and told, not thrown.
   */
  private void commitAll(List<CommitGroup> ended) {
    StoreException lost = lostInAWrite.getAndSet(null);
    for (SqliteDatabase db : order) {
      if (lost == null) {
        lost = db.commitGroup(ended).orElse(null);
        if (lost != null) {
          recordLoss(lost);
        }
      } else {
        db.rollBackGroup(lost, ended);
      }
    }
  }

  /**
   * Told by a database whose open group SQLite ended in a write: the other open groups are rolled
   * back at the next commit instead of committed. Safe under any lock.
   */
  void lostInAWrite(StoreException failure) {
    lostInAWrite.compareAndSet(null, failure);
    recordLoss(failure);
  }

  private void recordLoss(StoreException failure) {
    lastLoss.set(failure);
    losses.incrementAndGet();
  }

  /** The scope open on this thread, when it belongs to this group commit. */
  Scope current() {
    Scope scope = SCOPE.get();
    return scope != null && scope.owner() == this ? scope : null;
  }

  /** Runs a grouped write: shared with other grouped writes, never during a commit. */
  <T> T grouped(Supplier<T> write) {
    commitLock.readLock().lock();
    try {
      return write.get();
    } finally {
      commitLock.readLock().unlock();
    }
  }

  /** Runs an ungrouped write: the open groups committed first, then the write alone. */
  <T> T alone(Function<List<CommitGroup>, T> write) {
    List<CommitGroup> ended = new ArrayList<>();
    commitLock.writeLock().lock();
    try {
      commitAll(ended);
      return write.apply(ended);
    } finally {
      commitLock.writeLock().unlock();
      CommitGroup.runActions(ended);
    }
  }

  int maxWrites() {
    return maxWrites;
  }

  /** Commits what is open, stops the timer; the databases stay open. Idempotent. */
  @Override
  public void close() {
    try {
      timer.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.atWarn().setMessage("cannot stop the group commit's timer").setCause(e).log();
    }
    flush();
  }

  /** One thread's grouped writes, from {@link #begin()} to {@link #end}. */
  public final class Scope {
    private final List<CommitGroup> wrote = new ArrayList<>();
    private final long lossesAtBegin;
    private boolean ended;

    private Scope(long lossesAtBegin) {
      this.lossesAtBegin = lossesAtBegin;
    }

    GroupCommit owner() {
      return GroupCommit.this;
    }

    void wrote(CommitGroup group) {
      if (!wrote.contains(group)) {
        wrote.add(group);
      }
    }

    /**
     * Stops grouping this thread's writes. {@code then} runs once: with empty once every write made
     * so far to these databases (by this thread or another) is committed, or with the failure when
     * a commit lost one or when a group was lost while the scope was open (what it read may have
     * been lost). It may run at once on this thread, or later on the thread that commits.
     */
    public void end(Consumer<Optional<StoreException>> then) {
      Objects.requireNonNull(then, "then");
      if (ended) {
        throw new IllegalStateException("group commit scope already ended");
      }
      ended = true;
      SCOPE.remove();
      Countdown countdown = new Countdown(then);
      List<CommitGroup> groups = new ArrayList<>(wrote);
      for (SqliteDatabase db : order) {
        db.openGroup().filter(g -> !groups.contains(g)).ifPresent(groups::add);
      }
      for (CommitGroup group : groups) {
        countdown.expect();
        group.whenEnded(countdown);
      }
      // Checked once registered: a loss after this point is told by the groups waited on.
      if (losses.get() != lossesAtBegin) {
        countdown.accept(Optional.of(lastLoss.get()));
      }
      countdown.arm();
    }
  }

  /** Runs its action once every group it waits on committed, or at the first one lost. */
  private static final class Countdown implements Consumer<Optional<StoreException>> {
    private final AtomicInteger waiting = new AtomicInteger(1); // 1 until armed
    private final AtomicBoolean fired = new AtomicBoolean();
    private final Consumer<Optional<StoreException>> action;

    Countdown(Consumer<Optional<StoreException>> action) {
      this.action = action;
    }

    void expect() {
      waiting.incrementAndGet();
    }

    void arm() {
      accept(Optional.empty());
    }

    @Override
    public void accept(Optional<StoreException> failure) {
      if (failure.isPresent()) {
        if (fired.compareAndSet(false, true)) {
          action.accept(failure);
        }
      } else if (waiting.decrementAndGet() == 0 && fired.compareAndSet(false, true)) {
        action.accept(Optional.empty());
      }
    }
  }
}
