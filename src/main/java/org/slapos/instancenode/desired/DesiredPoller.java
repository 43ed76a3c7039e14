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
  }

  /** Adds {@code handler}; safe from any thread. */
  public void addEventHandler(ResourceEventHandler<DesiredResource> handler) {
    handlers.add(Objects.requireNonNull(handler, "handler"));
  }

  /**
   * Makes the cache hold exactly the rows of {@code instanceDb}.
   *
   * @throws org.slapos.instancenode.store.StoreException when the store cannot be read, {@link
   *     IllegalStateException} when it is closed; the cache is then unchanged
   */
  public synchronized CacheChanges sync(InstanceStore instanceDb) {
    if (cache.size() == 0) {
      // Every row is new: one pass over the table beats summaries then every row by reference.
      return apply(instanceDb.all(), List.of());
    }
    Map<String, StoredSummary> summaries = instanceDb.summaries();
    List<String> toRead = new ArrayList<>();
    summaries.forEach(
        (reference, summary) -> {
          DesiredResource cached = cache.cached(reference);
          if (cached == null || !cached.hasVersion(summary)) {
            toRead.add(reference);
          }
        });
    // A row deleted since the summaries is missing here: left as it is until the next sync.
    List<InstanceRow> rows = toRead.isEmpty() ? List.of() : instanceDb.findAll(toRead);
    return apply(rows, absentFrom(summaries));
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
    return apply(byReference.values(), absentFrom(byReference));
  }

  private List<DesiredResource> absentFrom(Map<String, ?> listed) {
    List<DesiredResource> absent = new ArrayList<>();
    for (DesiredResource cached : cache.all()) {
      if (!listed.containsKey(cached.reference())) {
        absent.add(cached);
      }
    }
    return absent;
  }

  private CacheChanges apply(Collection<InstanceRow> rows, List<DesiredResource> absent) {
    List<Change> changes = new ArrayList<>();
    for (InstanceRow row : rows) {
      DesiredResource old = cache.cached(row.reference());
      if (old == null
          || !old.hasVersion(
              new StoredSummary(row.hash(), row.validParameter(), row.timestamp()))) {
        changes.add(new Change(old, new DesiredResource(row, screen)));
      }
    }
    absent.forEach(old -> changes.add(new Change(old, null)));
    changes.sort(Comparator.comparing(Change::reference));

    List<String> added = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    for (Change change : changes) {
      if (change.current() == null) {
        cache.remove(change.old());
        deleted.add(change.reference());
      } else {
        cache.put(change.current());
        (change.old() == null ? added : updated).add(change.reference());
      }
    }
    changes.forEach(this::notifyHandlers);
    return new CacheChanges(added, updated, deleted);
  }

  private void notifyHandlers(Change change) {
    for (ResourceEventHandler<DesiredResource> handler : handlers) {
      try {
        if (change.old() == null) {
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

  /** One entry's change: {@code old} null when added, {@code current} null when deleted. */
  private record Change(DesiredResource old, DesiredResource current) {
    String reference() {
      return current != null ? current.reference() : old.reference();
    }
  }
}
