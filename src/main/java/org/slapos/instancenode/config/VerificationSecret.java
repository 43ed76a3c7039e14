package org.slapos.instancenode.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the HMAC secret of DNS challenge tokens comes from: {@code verification-secret}, {@code
 * verification-secret-file}, or neither (generated on first start and stored beside the domain DB).
 */
public sealed interface VerificationSecret {
  /** The Python implementation's default secret: public, so tokens made with it prove nothing. */
  String PYTHON_DEFAULT = "slapos-cdn-secret";

  /** Appended to the domain DB's file name to name the generated secret's file. */
  String GENERATED_SUFFIX = ".secret";

  /**
   * Given inline by {@code verification-secret}. {@link #toString()} never shows the value.
   *
   * @param value the secret, never empty
   */
  record Inline(String value) implements VerificationSecret {
    public Inline {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return "Inline[value=<redacted>]";
    }
  }

  /**
   * Read from the file named by {@code verification-secret-file}.
   *
   * @param path absolute, resolved against the configuration file's directory
   */
  record FromFile(Path path) implements VerificationSecret {
    public FromFile {
      Objects.requireNonNull(path, "path");
    }
  }

  /** Neither key was given: generate one on first start and keep it. */
  record Generated() implements VerificationSecret {}
}
