package org.slapos.instancenode.dns;

/**
 * No usable answer: the message says which server, which question and what went wrong, ready to
 * become a {@link TxtAnswer.Transient}; the brief says it without the question ({@code timeout from
 * 127.0.0.1:53}), the same for every name asked of that server.
 */
final class DnsUnavailableException extends Exception {
  private final String brief;

  /** A failure whose message is its own brief: it names no question. */
  DnsUnavailableException(String message) {
    this(message, message);
  }

  DnsUnavailableException(String message, String brief) {
    super(message, null, false, false);
    this.brief = brief;
  }

  String brief() {
    return brief;
  }
}
