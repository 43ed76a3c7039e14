package org.slapos.instancenode.desired;

import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.StoredSummary;

/**
 * The informer cache of desired entries: Fabric8's {@link BasicItemStore} keyed by reference and a
 * {@link HostIndex} by host, filled by a {@link DesiredPoller}. (Not Fabric8's {@code CacheImpl}:
 * its index keeps a concurrent set per host, the largest part of the heap at 100,000 entries.)
 *
 * <p>Read on demand: after an on-demand sync ({@link DesiredPoller#sync(
 * org.slapos.instancenode.store.InstanceStore, boolean)}) an entry is known by its stored version
 * alone until something asks for it; its row is then read (and screened) once and kept. Asking for
 * the hosts reads every row not read yet, in one pass, since the index needs them all. A steady run
 * that reconciles nothing so reads no parameters at all.
 *
 * <p>Thread-safety: reads are safe from any number of threads while the poller writes; a read that
 * finds its entry needs no lock. Each read sees every entry either before or after a change to it,
 * but reads are not a snapshot of the whole cache: during a sync, two reads may see different
 * states, and an entry whose hosts change may briefly be indexed under both its old and its new
 * hosts (never under neither). An entry read on demand is the row the instance DB holds then, which
 * may be newer than the version the last sync saw (it is kept only when it is that version).
 * Reconcilers are level-triggered and are queued again after a change, so this is enough.
 */
public final class DesiredCache {
  /** Reads the rows of the given references (those that exist), screened. */
  @FunctionalInterface
  interface RowReader {
    /**
     * @param most whether the references are most of the table, better read in one scan
     */
    List<DesiredResource> read(Collection<String> references, boolean most);
  }

  private final BasicItemStore<DesiredResource> items =
      new BasicItemStore<>(DesiredResource::reference);
  // The hosts of the entries in items: changed with items, under the moves lock.
  private final HostIndex byHost = new HostIndex();
  // Entries known by their stored version only, not read yet: never also in the cache above.
  private final Map<String, StoredSummary> unread = new ConcurrentHashMap<>();
  // Guards moves between unread and the cache, so that a read never finds an entry in neither.
  private final Object moves = new Object();
  private volatile RowReader reader;

  /** The desired row of {@code reference}, if it is desired. */
  public Optional<InstanceRow> get(String reference) {
    return resource(reference).map(DesiredResource::row);
  }

  /**
   * The cached resource of {@code reference}, if it is desired; read from the instance DB when not
   * read yet.
   *
   * @throws DesiredStateException when the entry left the instance DB since the last sync (the next
   *     sync decides whether it is removed, with the removal safety valve), {@link
   *     org.slapos.instancenode.store.StoreException} when the row cannot be read
   */
  public Optional<DesiredResource> resource(String reference) {
    return Optional.ofNullable(cached(reference));
  }

  /**
   * Reads, in a few statements, the rows of those of {@code references} that are known but not read
   * yet, so that the reconciles about to ask for them find them read.
   *
   * @return whether some were not read yet
   * @throws org.slapos.instancenode.store.StoreException when the rows cannot be read
   */
  public boolean read(Collection<String> references) {
    List<String> wanted = new ArrayList<>();
    for (String reference : references) {
      if (unread.containsKey(reference)) {
        wanted.add(reference);
      }
    }
    readNow(wanted);
    return !wanted.isEmpty();
  }

  /**
   * The references of the entries claiming {@code host}, sorted. {@code host} is compared as {@link
   * DesiredResource#hosts()} are: case, a trailing dot and a leading {@code *.} do not matter.
   */
  public List<String> referencesByHost(String host) {
    Objects.requireNonNull(host, "host");
    if (!unread.isEmpty()) {
      readNow(List.copyOf(unread.keySet()));
    }
    return byHost.references(ParameterHosts.normalise(host));
  }

  /** A copy of the references of every desired entry. */
  public Set<String> references() {
    Set<String> references = new HashSet<>(unread.size() + items.size());
    items.keySet().forEach(references::add);
    references.addAll(unread.keySet());
    return Set.copyOf(references);
  }

  /**
   * Hash, state and timestamp of every desired entry, by reference, without reading a row: as
   * served for an entry already read (a refused row is invalid), as stored for one not read yet.
   */
  public Map<String, StoredSummary> summaries() {
    Map<String, StoredSummary> summaries = new HashMap<>((size() * 4 + 2) / 3);
    // Unread first: an entry read meanwhile is then found among the read ones.
    unread.forEach(
        (reference, stored) ->
            summaries.put(
                reference,
                new StoredSummary(
                    stored.hash(),
                    InstanceRow.stateOf(stored.validParameter()),
                    stored.timestamp())));
    items
        .values()
        .forEach(
            resource -> {
              InstanceRow row = resource.row();
              summaries.put(
                  row.reference(), new StoredSummary(row.hash(), row.state(), row.timestamp()));
            });
    return summaries;
  }

  public int size() {
    return items.size() + unread.size();
  }

  /** Whether some entry is known by its version only, not read yet. */
  boolean hasUnread() {
    return !unread.isEmpty();
  }

  /** The resource of {@code reference}, reading it if needed; null when not desired. */
  DesiredResource cached(String reference) {
    Objects.requireNonNull(reference, "reference");
    DesiredResource resource = items.get(reference);
    if (resource != null) {
      return resource;
    }
    StoredSummary stored = unread.get(reference);
    if (stored == null) {
      synchronized (moves) {
        // Maybe read by another thread between the two looks above.
        resource = items.get(reference);
        if (resource != null || !unread.containsKey(reference)) {
          return resource;
        }
      }
    }
    for (DesiredResource read : reader.read(List.of(reference), false)) {
      keepIfListed(read);
      return read;
    }
    throw new DesiredStateException(
        "instance "
            + reference
            + " left the instance DB after it was listed: the next sync decides its removal");
  }

  /** The stored version of {@code reference} the cache holds, null when not desired. */
  StoredSummary version(String reference) {
    DesiredResource resource = items.get(reference);
    if (resource != null) {
      return resource.version();
    }
    StoredSummary stored = unread.get(reference);
    if (stored != null) {
      return stored;
    }
    synchronized (moves) {
      resource = items.get(reference);
      return resource != null ? resource.version() : unread.get(reference);
    }
  }

  /** The resource of {@code reference} if it was read, without reading it; null otherwise. */
  DesiredResource held(String reference) {
    return items.get(reference);
  }

  /** Adds or replaces the resource of its reference and indexes it. */
  void put(DesiredResource resource) {
    synchronized (moves) {
      keep(resource);
      unread.remove(resource.reference());
    }
  }

  /** Reads the entries not read yet from {@code reader} from now on. */
  void readFrom(RowReader reader) {
    this.reader = Objects.requireNonNull(reader, "reader");
  }

  /**
   * Knows {@code reference} by its stored version only, to be read (by the last {@link #readFrom}
   * reader) when asked for.
   */
  void putUnread(String reference, StoredSummary stored) {
    synchronized (moves) {
      drop(reference);
      unread.put(reference, SharedStrings.of(stored));
    }
  }

  /** Removes {@code reference}, read or not, and its index entries. */
  void remove(String reference) {
    synchronized (moves) {
      drop(reference);
      unread.remove(reference);
    }
  }

  private void readNow(List<String> references) {
    if (references.isEmpty()) {
      return;
    }
    boolean most = references.size() * 2 > size();
    for (DesiredResource read : reader.read(references, most)) {
      keepIfListed(read);
    }
  }

  /** Keeps {@code read} if it is the version the last sync listed (not a newer one). */
  private void keepIfListed(DesiredResource read) {
    synchronized (moves) {
      if (unread.remove(read.reference(), read.version())) {
        keep(read);
      }
    }
  }

  /** Adds or replaces {@code resource} in the item store and the index; under the moves lock. */
  private void keep(DesiredResource resource) {
    DesiredResource old = items.put(resource.reference(), resource);
    byHost.replace(resource.reference(), old == null ? List.of() : old.hosts(), resource.hosts());
  }

  /** Removes {@code reference} from the item store and the index, if held; under the moves lock. */
  private void drop(String reference) {
    DesiredResource old = items.remove(reference);
    if (old != null) {
      byHost.replace(reference, old.hosts(), List.of());
    }
  }
}
