package org.slapos.instancenode.dns;

/**
 * Reads the TXT records of a name from DNS, without any cache: every call asks the servers.
 * Implementations are thread-safe and block the calling thread for at most a few {@code
 * dns-timeout}s; {@link DnsLookups} runs them concurrently.
 */
public interface TxtLookup {
  /**
   * What the servers say about the TXT records of {@code name}.
   *
   * @param name an absolute DNS name, with or without the final dot
   * @throws IllegalArgumentException if {@code name} is not a valid DNS name
   */
  TxtEvidence lookup(String name);
}
