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
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

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
 * <p>Readers in this process see the open groups' writes (one connection per file); other processes
 * see them once committed.
 *
 * <p>Thread-safe. Actions run on the thread that commits, after it released every lock; they must
 * be quick and must not throw. {@link #close()} commits what is open and stops the timer.
 */
public final class GroupCommit implements AutoCloseable {
  private static final ThreadLocal<Scope> SCOPE = new ThreadLocal<>();

  private final List<SqliteDatabase> order;
  private final int maxWrites;
  // Shared by grouped writes, exclusive for commits: a commit of all the databases in order is
  // never interleaved with a grouped write.
  private final ReentrantReadWriteLock commitLock = new ReentrantReadWriteLock();
  private final ScheduledExecutorService timer;

  /**
   * @param maxWrites commit once a database's open group holds this many writes
   * @param maxDelay commit what is open at least this often
   * @param order the databases, committed in this order
   */
  GroupCommit(int maxWrites, Duration maxDelay, List<SqliteDatabase> order) {
    if (maxWrites < 1) {
      throw new IllegalArgumentException("maxWrites must be at least 1: " + maxWrites);
    }
    this.maxWrites = maxWrites;
    this.order = List.copyOf(order);
    for (SqliteDatabase db : this.order) {
      db.joinGroupCommit(this);
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "group-commit");
              thread.setDaemon(true);
              return thread;
            });
    long period = Math.max(1, maxDelay.toMillis());
    timer.scheduleWithFixedDelay(this::flush, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Group commit over the domain DB (when there is one), then the request DB: a token is committed
   * no later than the verdict that shows it.
   */
  public static GroupCommit over(
      int maxWrites, Duration maxDelay, Optional<DomainStore> domainDb, InstanceStore requestDb) {
    List<SqliteDatabase> order = new ArrayList<>();
    domainDb.ifPresent(d -> order.add(d.database()));
    order.add(requestDb.database());
    return new GroupCommit(maxWrites, maxDelay, order);
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
    Scope scope = new Scope();
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

  /** Commits each database's open group in order; a lost group is logged and told, not thrown. */
  private void commitAll(List<CommitGroup> ended) {
    for (SqliteDatabase db : order) {
      db.commitGroup(ended);
    }
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
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }

  /** One thread's grouped writes, from {@link #begin()} to {@link #end}. */
  public final class Scope {
    private final List<CommitGroup> wrote = new ArrayList<>();
    private boolean ended;

    private Scope() {}

    private GroupCommit owner() {
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
     * a commit lost one. It may run at once on this thread, or later on the thread that commits.
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
