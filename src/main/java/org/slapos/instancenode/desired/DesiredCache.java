package org.slapos.instancenode.desired;

import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.impl.cache.CacheImpl;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slapos.instancenode.store.InstanceRow;

/**
 * The informer cache of desired entries: Fabric8's {@link CacheImpl} keyed by reference and indexed
 * {@link #BY_HOST}, filled by a {@link DesiredPoller}.
 *
 * <p>Thread-safety: reads are safe from any number of threads while the poller writes, and never
 * block on it. Each read sees every entry either before or after a change to it, but reads are not
 * a snapshot of the whole cache: during a sync, two reads may see different states, and an entry
 * whose hosts change may briefly be indexed under neither its old nor its new hosts. Reconcilers
 * are level-triggered and are queued again after a change, so this is enough.
 */
public final class DesiredCache {
  /** Fabric8 index name of the hosts of {@link DesiredResource#hosts()}. */
  public static final String BY_HOST = "byHost";

  private final BasicItemStore<DesiredResource> items =
      new BasicItemStore<>(DesiredResource::reference);
  private final CacheImpl<DesiredResource> cache =
      new CacheImpl<>(BY_HOST, DesiredResource::hosts, DesiredResource::reference);

  public DesiredCache() {
    // Our own store, so that size() is not a copy of every key.
    cache.setItemStore(items);
  }

  /** The desired row of {@code reference}, if it is desired. */
  public Optional<InstanceRow> get(String reference) {
    return resource(reference).map(DesiredResource::row);
  }

  /** The cached resource of {@code reference}, if it is desired. */
  public Optional<DesiredResource> resource(String reference) {
    return Optional.ofNullable(cached(reference));
  }

  /**
   * The references of the entries claiming {@code host}, sorted. {@code host} is compared as {@link
   * DesiredResource#hosts()} are: case, a trailing dot and a leading {@code *.} do not matter.
   */
  public List<String> referencesByHost(String host) {
    Objects.requireNonNull(host, "host");
    List<String> references = cache.indexKeys(BY_HOST, ParameterHosts.normalise(host));
    references.sort(null);
    return references;
  }

  /** A copy of the references of every desired entry. */
  public Set<String> references() {
    return Set.copyOf(cache.listKeys());
  }

  public int size() {
    return items.size();
  }

  DesiredResource cached(String reference) {
    return cache.getByKey(Objects.requireNonNull(reference, "reference"));
  }

  /** A copy of the list of every cached resource. */
  List<DesiredResource> all() {
    return cache.list();
  }

  /** Adds or replaces the resource of its reference and indexes it; returns the one it replaced. */
  DesiredResource put(DesiredResource resource) {
    return cache.put(resource);
  }

  /** Removes {@code resource} and its index entries. */
  void remove(DesiredResource resource) {
    cache.remove(resource);
  }
}
