package org.slapos.instancenode.config;

/** What the node does with a valid entry (key {@code kind}). */
public enum NodeKind {
  /** Rapid.CDN: CDN checks, deploy is a no-op, nothing published on success. The default. */
  CDN,
  /** The base instance node: requests each entry from the master and publishes its result. */
  GENERIC
}
