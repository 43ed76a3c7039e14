package org.slapos.instancenode.cli;

/** Process exit codes, as ARCHITECTURE.md section 8 defines them. */
final class ExitCode {
  /** The work completed; invalid entries are a normal outcome. */
  static final int OK = 0;

  /** The work could not complete: a store or the desired-state source failed. */
  static final int FAILED = 1;

  /** The command line or the configuration is wrong. */
  static final int USAGE = 2;

  /** Another process holds the lock. */
  static final int LOCKED = 3;

  /**
   * {@code run --once} reached its deadline ({@code run-once-deadline}) before checking every
   * entry, or before the master gave the listing or took the owed bang: what it did not do is left
   * as it was (the bang stays owed), for the next run.
   */
  static final int INCOMPLETE = 4;

  private ExitCode() {}
}
