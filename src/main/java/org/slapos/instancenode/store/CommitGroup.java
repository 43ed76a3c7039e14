package org.slapos.instancenode.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database's open group transaction ({@link GroupCommit}): how many writes it holds and what to
 * run once it ends, committed or lost. Thread-safe.
 */
final class CommitGroup {
  private static final Logger LOG = LoggerFactory.getLogger(CommitGroup.class);

  private final List<Consumer<Optional<StoreException>>> actions = new ArrayList<>();
  private int writes;
  private boolean counted;
  private boolean ended;
  private Optional<StoreException> outcome = Optional.empty();

  /**
   * Counts one more write, {@code counted} unless it wrote only {@code node_meta}. Called under the
   * database's lock.
   */
  void wrote(boolean counted) {
    writes++;
    this.counted |= counted;
  }

  /** Whether a write other than a {@code node_meta}-only one joined: its commit is counted. */
  boolean counted() {
    return counted;
  }

  int writes() {
    return writes;
  }

  /** Runs {@code action} with the outcome once the group ended: at once when it has. */
  void whenEnded(Consumer<Optional<StoreException>> action) {
    synchronized (this) {
      if (!ended) {
        actions.add(action);
        return;
      }
    }
    action.accept(outcome);
  }

  /** Runs {@code action} once the group is committed; never when it is lost. */
  void whenCommitted(Runnable action) {
    whenEnded(failure -> failure.ifPresentOrElse(lost -> {}, action));
  }

  /** Records the outcome; the actions run later, by {@link #runActions}, outside every lock. */
  synchronized void end(Optional<StoreException> failure) {
    ended = true;
    outcome = failure;
  }

  /** Runs the actions of groups that {@link #end}ed, each once. */
  static void runActions(List<CommitGroup> groups) {
    for (CommitGroup group : groups) {
      List<Consumer<Optional<StoreException>>> due;
      synchronized (group) {
        due = new ArrayList<>(group.actions);
        group.actions.clear();
      }
      for (Consumer<Optional<StoreException>> action : due) {
        try {
          action.accept(group.outcome);
        } catch (RuntimeException e) {
          LOG.atError().setMessage("an action after a group commit failed").setCause(e).log();
        }
      }
    }
  }
}
