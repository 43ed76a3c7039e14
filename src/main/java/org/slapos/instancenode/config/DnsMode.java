package org.slapos.instancenode.config;

/** How challenge TXT records are looked up (key {@code dns-mode}). */
public enum DnsMode {
  /** Through the configured or system resolvers. The default. */
  RECURSIVE,
  /** Ask every authoritative name server of the zone directly; all must agree. */
  AUTHORITATIVE
}
