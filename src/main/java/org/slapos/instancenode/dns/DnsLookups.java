package org.slapos.instancenode.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.slapos.instancenode.config.DnsMode;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.time.Deadline;
import org.xbill.DNS.ResolverConfig;

/**
 * Runs TXT lookups, at most {@code concurrency} at a time (the others wait for a slot, first come
 * first served), and reports each to {@link DnsMetrics}. Nothing is cached: every call asks DNS.
 * Callers (the node's reconcile workers) look up from their own threads.
 *
 * <p>Thread-safe.
 */
public final class DnsLookups {
  private final TxtLookup lookup;
  private final Semaphore slots;
  private final DnsMetrics metrics;

  /**
   * @param lookup the strategy run for each name
   * @param concurrency the most lookups running at once, at least 1
   * @param metrics told of every lookup that ends
   */
  public DnsLookups(TxtLookup lookup, int concurrency, DnsMetrics metrics) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("dns-concurrency must be at least 1: " + concurrency);
    }
    this.lookup = lookup;
    this.slots = new Semaphore(concurrency, true);
    this.metrics = metrics;
  }

  /**
   * Lookups as {@code dns-mode} says, through {@code dns-nameserver} (or the system's resolvers),
   * with {@code dns-timeout} and {@code dns-concurrency}; authoritative servers on port 53.
   */
  public static DnsLookups from(NodeConfig config, DnsMetrics metrics) {
    return from(config, metrics, AuthoritativeEndpoints.PORT_53);
  }

  /**
   * As {@link #from(NodeConfig, DnsMetrics)}, asking authoritative servers where {@code
   * authoritative} says: tests route their name servers' addresses to local ports.
   */
  public static DnsLookups from(
      NodeConfig config, DnsMetrics metrics, AuthoritativeEndpoints authoritative) {
    return from(config, metrics, authoritative, Deadline.NONE);
  }

  /**
   * As {@link #from(NodeConfig, DnsMetrics, AuthoritativeEndpoints)}, no question waiting past
   * {@code deadline} (a run-once's): a lookup that meets it is transient, as a timeout is.
   */
  public static DnsLookups from(
      NodeConfig config,
      DnsMetrics metrics,
      AuthoritativeEndpoints authoritative,
      Deadline deadline) {
    Resolvers resolvers = resolvers(config, deadline);
    TxtLookup lookup =
        config.dnsMode() == DnsMode.AUTHORITATIVE
            ? new AuthoritativeTxtLookup(resolvers, authoritative)
            : new RecursiveTxtLookup(resolvers);
    return new DnsLookups(lookup, config.dnsConcurrency(), metrics);
  }

  /**
   * Lookups that ask each configured resolver (or system resolver) separately, whatever {@code
   * dns-mode}, one answer per resolver: what the {@code challenge} command shows.
   */
  public static DnsLookups eachResolver(NodeConfig config, DnsMetrics metrics) {
    return new DnsLookups(
        new EachResolverTxtLookup(resolvers(config, Deadline.NONE)),
        config.dnsConcurrency(),
        metrics);
  }

  private static Resolvers resolvers(NodeConfig config, Deadline deadline) {
    List<InetSocketAddress> addresses =
        config.dnsNameservers().isEmpty()
            ? ResolverConfig.getCurrentConfig().servers()
            : config.dnsNameservers();
    return new Resolvers(
        addresses.stream().map(NameServer::at).toList(),
        new DnsClient(config.dnsTimeout(), deadline));
  }

  /** Looks {@code name} up in the calling thread, once a slot is free. */
  public TxtEvidence txtNow(String name) {
    slots.acquireUninterruptibly();
    try {
      long start = System.nanoTime();
      TxtEvidence evidence = lookup.lookup(name);
      metrics.lookup(evidence.label(), Duration.ofNanos(System.nanoTime() - start));
      return evidence;
    } finally {
      slots.release();
    }
  }

  /** How many lookups wait for a slot now; a gauge of DNS back-pressure. */
  public int waiting() {
    return slots.getQueueLength();
  }
}
