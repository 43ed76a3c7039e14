package org.slapos.instancenode.dns;

import java.time.Duration;

/**
 * What {@link DnsLookups} reports, for {@code instancenode_dns_lookups_total{result}} and a latency
 * histogram. Implementations must be thread-safe and quick: lookups report from many threads.
 */
public interface DnsMetrics {
  /** Result label of a lookup that found TXT records (every server, in authoritative mode). */
  String FOUND = "found";

  /** Result label of a lookup that found no TXT record (on some server, in authoritative mode). */
  String ABSENT = "absent";

  /** Result label of a lookup that got no usable answer. */
  String TRANSIENT = "transient";

  /** Reports nothing. */
  DnsMetrics NONE = (result, latency) -> {};

  /**
   * One lookup ended.
   *
   * @param result {@link #FOUND}, {@link #ABSENT} or {@link #TRANSIENT}
   * @param latency from its start (after waiting for a concurrency slot) to its end
   */
  void lookup(String result, Duration latency);
}
