package org.slapos.instancenode.desired;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The references of the entries claiming each host: the host index of the {@link DesiredCache}.
 *
 * <p>Compact because nearly every host is claimed by one entry: such a host costs one map entry
 * whose value is the reference itself; only a host claimed by several entries holds an array of
 * them. (Fabric8's {@code CacheImpl} index kept a concurrent set per host: at 100,000 entries, 36
 * MiB of the heap.) Hosts are kept as given: the caller normalises them ({@link
 * ParameterHosts#normalise}).
 *
 * <p>Thread-safety: {@link #references} is safe from any thread at any time and takes no lock; it
 * sees each host's claimants either before or after a change. Changes to one reference must not
 * race each other (the cache makes them under its lock); changes to different references may.
 */
final class HostIndex {
  // Host -> its one claimant (a String) or several (a String[], sorted, never changed once
  // published, at least two).
  private final ConcurrentHashMap<String, Object> claimants = new ConcurrentHashMap<>();

  /**
   * Indexes {@code reference} under {@code now} instead of {@code before} (each empty for an entry
   * added or removed). Its new hosts are indexed before the old ones are dropped, so a host it
   * keeps never loses it, and during the change a reader may find it under both.
   */
  void replace(String reference, Collection<String> before, Collection<String> now) {
    Objects.requireNonNull(reference, "reference");
    for (String host : now) {
      claimants.compute(host, (key, held) -> with(held, reference));
    }
    Set<String> kept = now.isEmpty() ? Set.of() : new HashSet<>(now);
    for (String host : before) {
      if (!kept.contains(host)) {
        claimants.computeIfPresent(host, (key, held) -> without(held, reference));
      }
    }
  }

  /** The references of the entries claiming {@code host}, sorted; empty when none does. */
  List<String> references(String host) {
    Object held = claimants.get(host);
    if (held == null) {
      return List.of();
    }
    return held instanceof String one ? List.of(one) : List.of((String[]) held);
  }

  /** How many hosts are claimed. */
  int hosts() {
    return claimants.size();
  }

  private static Object with(Object held, String reference) {
    if (held == null) {
      return reference;
    }
    String[] several = held instanceof String one ? new String[] {one} : (String[]) held;
    int at = Arrays.binarySearch(several, reference);
    if (at >= 0) {
      return held;
    }
    int insert = -at - 1;
    String[] grown = new String[several.length + 1];
    System.arraycopy(several, 0, grown, 0, insert);
    grown[insert] = reference;
    System.arraycopy(several, insert, grown, insert + 1, several.length - insert);
    return grown;
  }

  /** {@code held} without {@code reference}; null (the host is dropped) when none is left. */
  private static Object without(Object held, String reference) {
    if (held instanceof String one) {
      return one.equals(reference) ? null : held;
    }
    String[] several = (String[]) held;
    int at = Arrays.binarySearch(several, reference);
    if (at < 0) {
      return held;
    }
    if (several.length == 2) {
      return several[1 - at];
    }
    String[] shrunk = new String[several.length - 1];
    System.arraycopy(several, 0, shrunk, 0, at);
    System.arraycopy(several, at + 1, shrunk, at, shrunk.length - at);
    return shrunk;
  }
}
