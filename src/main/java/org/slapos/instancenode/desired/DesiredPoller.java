package org.slapos.instancenode.desired;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slapos.instancenode.json.EntryBounds;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.store.StoredSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills a {@link DesiredCache} from the instance DB, as a Fabric8 informer's reflector fills its
 * cache from the API server, and tells the registered {@link ResourceEventHandler}s what changed.
 *
 * <p>Cost of a sync: one read of the table's summaries, then per entry one map lookup and a version
 * comparison; only new and changed entries are read in full and have their hosts parsed. The first
 * sync, into an empty cache, reads every row in one pass instead.
 *
 * <p>Guarantees: everything is read before anything is applied, so a failing read throws and leaves
 * the cache as it was (a listing that fails is never taken for deletions). Handlers are called
 * after the cache holds all the changes of the sync, on the syncing thread, in reference order; a
 * handler that throws is logged and the others are still called. Syncs and replaces run one at a
 * time. A handler sees only the changes made after it was added.
 *
 * <p>Callers' duty: handlers run under the poller's lock, so they must be quick (queue the
 * reference, as a controller's handler does) and must never wait for another sync.
 */
public final class DesiredPoller {
  private static final Logger LOG = LoggerFactory.getLogger(DesiredPoller.class);

  private final DesiredCache cache;
  private final RowScreen screen;
  private final EntryBounds bounds;
  private final List<ResourceEventHandler<DesiredResource>> handlers = new CopyOnWriteArrayList<>();

  public DesiredPoller(DesiredCache cache) {
    this(cache, EntryBounds.DEFAULTS);
  }

  /**
   * @param bounds every row read is checked against them, as input from the network: one that is
   *     not a JSON object within the bounds is served as invalid (see {@link RowScreen})
   */
  public DesiredPoller(DesiredCache cache, EntryBounds bounds) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.screen = new RowScreen(bounds);
    this.bounds = bounds;
  }

  /**
   * Names the screen rows pass ({@link RowScreen}): equal names judge every row alike. A caller
   * records it beside the verdicts to know, later, whether {@code onDemand} syncs are sound.
   */
  public String screen() {
    return "max-entry-bytes=" + bounds.maxBytes() + " max-entry-depth=" + bounds.maxDepth();
  }

  /**
   * Adds {@code handler}; safe from any thread.
   *
   * @throws IllegalStateException when the cache holds entries not read yet: a handler is given
   *     whole resources, so add it before any on-demand sync
   */
  public synchronized void addEventHandler(ResourceEventHandler<DesiredResource> handler) {
    Objects.requireNonNull(handler, "handler");
    if (cache.hasUnread()) {
      throw new IllegalStateException("add event handlers before any on-demand sync");
    }
    handlers.add(handler);
  }

  /**
   * Makes the cache hold exactly the rows of {@code instanceDb}; {@link #sync(InstanceStore,
   * boolean)} reading every row it does not hold.
   *
   * @throws org.slapos.instancenode.store.StoreException when the store cannot be read, {@link
   *     IllegalStateException} when it is closed; the cache is then unchanged
   */
  public CacheChanges sync(InstanceStore instanceDb) {
    return sync(instanceDb, false);
  }

  /**
   * Makes the cache hold exactly the rows of {@code instanceDb}.
   *
   * @param onDemand a row not held yet is known by its stored version only and read (and screened)
   *     when asked for ({@link DesiredCache}); otherwise it is read now. Only for a caller that
   *     knows every row was already screened under this poller's bounds and its verdict recorded,
   *     since an entry not read is served in its stored state. Ignored while handlers are
   *     registered: they are given whole resources.
   * @throws org.slapos.instancenode.store.StoreException when the store cannot be read, {@link
   *     IllegalStateException} when it is closed; the cache is then unchanged
   */
  public synchronized CacheChanges sync(InstanceStore instanceDb, boolean onDemand) {
    if (cache.size() == 0 && !(onDemand && handlers.isEmpty())) {
      // Every row is new: one pass over the table beats summaries then every row by reference.
      return apply(instanceDb.all(), Map.of(), List.of());
    }
    Map<String, StoredSummary> summaries = instanceDb.summaries();
    List<String> toRead = new ArrayList<>();
    Map<String, StoredSummary> unread = new HashMap<>();
    summaries.forEach(
        (reference, summary) -> {
          StoredSummary cached = cache.version(reference);
          if (cached == null && onDemand && handlers.isEmpty()) {
            unread.put(reference, summary);
          } else if (!summary.equals(cached)) {
            toRead.add(reference);
          }
        });
    // A row deleted since the summaries is missing here: left as it is until the next sync.
    List<InstanceRow> rows = toRead.isEmpty() ? List.of() : instanceDb.findAll(toRead);
    // Every entry not read yet, listed now or before, is read from this store from now on: the
    // one a previous sync read may have been closed since (a replaced instance DB file).
    cache.readFrom((references, most) -> read(instanceDb, references, most));
    unread.forEach(cache::putUnread);
    return apply(rows, unread, absentFrom(summaries));
  }

  private List<DesiredResource> read(
      InstanceStore instanceDb, Collection<String> references, boolean most) {
    List<InstanceRow> rows = most ? instanceDb.all() : instanceDb.findAll(references);
    List<DesiredResource> read = new ArrayList<>(rows.size());
    for (InstanceRow row : rows) {
      read.add(new DesiredResource(row, screen));
    }
    return read;
  }

  /**
   * Makes the cache hold exactly {@code rows}, with the semantics of {@link #sync}.
   *
   * @throws IllegalArgumentException naming the reference when two rows have the same; the cache is
   *     then unchanged
   */
  public synchronized CacheChanges replace(Collection<InstanceRow> rows) {
    Map<String, InstanceRow> byReference = new HashMap<>();
    for (InstanceRow row : rows) {
      if (byReference.put(row.reference(), row) != null) {
        throw new IllegalArgumentException("instance " + row.reference() + " is listed twice");
      }
    }
    return apply(byReference.values(), Map.of(), absentFrom(byReference));
  }

  /** The references the cache holds that {@code listed} does not. */
  private List<String> absentFrom(Map<String, ?> listed) {
    List<String> absent = new ArrayList<>();
    for (String cached : cache.references()) {
      if (!listed.containsKey(cached)) {
        absent.add(cached);
      }
    }
    return absent;
  }

  /**
   * Applies {@code rows} (those whose version may have changed), the entries just put {@code
   * unread} and the removals of {@code absent}.
   */
  private CacheChanges apply(
      Collection<InstanceRow> rows, Map<String, StoredSummary> unread, List<String> absent) {
    List<Change> changes = new ArrayList<>();
    for (InstanceRow row : rows) {
      StoredSummary old = cache.version(row.reference());
      if (old == null
          || !old.equals(new StoredSummary(row.hash(), row.validParameter(), row.timestamp()))) {
        changes.add(
            new Change(
                row.reference(),
                old != null,
                cache.held(row.reference()),
                new DesiredResource(row, screen)));
      }
    }
    absent.forEach(
        reference -> changes.add(new Change(reference, true, cache.held(reference), null)));
    changes.sort(Comparator.comparing(Change::reference));

    List<String> added = new ArrayList<>(unread.keySet());
    List<String> updated = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    for (Change change : changes) {
      if (change.current() == null) {
        cache.remove(change.reference());
        deleted.add(change.reference());
      } else {
        cache.put(change.current());
        (change.existed() ? updated : added).add(change.reference());
      }
    }
    added.sort(null);
    changes.forEach(this::notifyHandlers);
    return new CacheChanges(added, updated, deleted);
  }

  private void notifyHandlers(Change change) {
    for (ResourceEventHandler<DesiredResource> handler : handlers) {
      try {
        if (!change.existed()) {
          handler.onAdd(change.current());
        } else if (change.current() == null) {
          handler.onDelete(change.old(), false);
        } else {
          handler.onUpdate(change.old(), change.current());
        }
      } catch (RuntimeException e) {
        LOG.atError()
            .setMessage("desired-state event handler failed")
            .addKeyValue("reference", change.reference())
            .addKeyValue("handler", handler.getClass().getName())
            .setCause(e)
            .log();
      }
    }
  }

  /**
   * One entry's change: {@code existed} false when added, {@code current} null when deleted; {@code
   * old} null when added (or held unread, never while handlers are registered).
   */
  private record Change(
      String reference, boolean existed, DesiredResource old, DesiredResource current) {}
}
