package org.slapos.instancenode.config;

/** The log line format (key {@code log-format}). */
public enum LogFormat {
  /** Human-readable lines. The default. */
  TEXT,
  /** One JSON object per line. */
  JSON
}
