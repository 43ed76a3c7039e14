package org.slapos.instancenode.dns;

/**
 * No usable answer: the message says which server, which question and what went wrong, ready to
 * become a {@link TxtAnswer.Transient}.
 */
final class DnsUnavailableException extends Exception {
  DnsUnavailableException(String message) {
    super(message, null, false, false);
  }
}
