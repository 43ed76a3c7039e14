package org.slapos.instancenode.dns;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Parses the names callers look up. */
final class DnsNames {
  private DnsNames() {}

  /** {@code text} as an absolute name, the final dot optional. */
  static Name absolute(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a DNS name: '" + text + "': " + e.getMessage(), e);
    }
  }
}
