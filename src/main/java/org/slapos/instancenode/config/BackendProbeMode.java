package org.slapos.instancenode.config;

/**
 * What a backend certificate the CDN would refuse does to its entry (key {@code backend-probe}).
 */
public enum BackendProbeMode {
  /** Backends are not probed. */
  OFF,
  /** A warning in {@code json_error.warnings}; validity unchanged. The default. */
  WARN,
  /** The entry is invalid with reason {@code backend-certificate-untrusted}. */
  ENFORCE
}
