package org.slapos.instancenode.store;

/** How thoroughly a database file is checked when it is opened. */
public enum IntegrityCheck {
  /**
   * SQLite's {@code integrity_check}: every page, record and index. For a daemon's start, where its
   * cost (about 0.7 s on 100,000 entries) is paid once.
   */
  FULL("integrity_check"),
  /**
   * SQLite's {@code quick_check}: every page and record, not whether indexes match their tables.
   * For runs every minute from cron, where a full check would cost more than the work itself.
   */
  QUICK("quick_check");

  private final String pragma;

  IntegrityCheck(String pragma) {
    this.pragma = pragma;
  }

  String pragma() {
    return pragma;
  }
}
