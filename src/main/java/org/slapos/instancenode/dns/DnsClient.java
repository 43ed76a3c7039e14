package org.slapos.instancenode.dns;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Sends one question to one server and returns its response, whatever the response code. There is
 * no cache anywhere on this path: a new dnsjava {@link SimpleResolver} per question, which asks
 * again over TCP when the UDP answer is truncated (its default) and offers EDNS with a 1232-byte
 * payload. Thread-safe.
 */
final class DnsClient {
  private static final int EDNS_PAYLOAD = 1232;

  private final Duration timeout;

  DnsClient(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("dns-timeout must be positive: " + timeout);
    }
    this.timeout = timeout;
  }

  /**
   * Asks {@code server} for {@code type} records of {@code name}.
   *
   * @throws DnsUnavailableException when no response came (timeout, network error, a malformed
   *     response); its message names the server and the question
   */
  Message ask(NameServer server, Name name, int type, boolean recursionDesired)
      throws DnsUnavailableException {
    SimpleResolver resolver = new SimpleResolver(server.address());
    resolver.setTimeout(timeout);
    resolver.setEDNS(0, EDNS_PAYLOAD, 0, List.of());
    Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    if (!recursionDesired) {
      query.getHeader().unsetFlag(Flags.RD);
    }
    try {
      return resolver.send(query);
    } catch (IOException e) {
      if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
        Thread.currentThread().interrupt();
      }
      throw new DnsUnavailableException(
          "no answer from " + server.label() + " for " + question(name, type) + ": " + cause(e));
    }
  }

  /** How messages name a question: {@code TXT _slapos-challenge.example.com}. */
  static String question(Name name, int type) {
    return Type.string(type) + " " + name.toString(true);
  }

  /** How messages name a response code: {@code SERVFAIL}. */
  static String rcode(Message response) {
    return Rcode.string(response.getRcode());
  }

  private String cause(IOException e) {
    if (e instanceof SocketTimeoutException
        || String.valueOf(e.getMessage()).toLowerCase().contains("timed out")) {
      return "timed out after " + timeout.toMillis() + " ms";
    }
    if (e instanceof PortUnreachableException) {
      return "port unreachable (no DNS server listens there)";
    }
    String message = e.getMessage();
    return message == null || message.isBlank()
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + message;
  }
}
