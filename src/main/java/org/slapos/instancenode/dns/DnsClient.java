package org.slapos.instancenode.dns;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.slapos.instancenode.time.Deadline;
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
 * payload. Each question waits at most {@code dns-timeout}, and never past the run's deadline: a
 * question asked once it has come fails at once, unsent. Thread-safe.
 */
final class DnsClient {
  private static final int EDNS_PAYLOAD = 1232;

  private final Duration timeout;
  private final Deadline deadline;

  DnsClient(Duration timeout) {
    this(timeout, Deadline.NONE);
  }

  /**
   * @param deadline when the run must be over: bounds every question's wait
   */
  DnsClient(Duration timeout, Deadline deadline) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("dns-timeout must be positive: " + timeout);
    }
    this.timeout = timeout;
    this.deadline = deadline;
  }

  /**
   * Asks {@code server} for {@code type} records of {@code name}.
   *
   * @throws DnsUnavailableException when no response came (timeout, network error, a malformed
   *     response); its message names the server and the question
   */
  Message ask(NameServer server, Name name, int type, boolean recursionDesired)
      throws DnsUnavailableException {
    Duration wait = deadline.bound(timeout);
    if (wait.isZero()) {
      throw new DnsUnavailableException(
          "not asked "
              + server.label()
              + " for "
              + question(name, type)
              + ": the run's deadline was reached",
          "deadline reached before asking " + server.label());
    }
    SimpleResolver resolver = new SimpleResolver(server.address());
    resolver.setTimeout(wait);
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
          "no answer from "
              + server.label()
              + " for "
              + question(name, type)
              + ": "
              + cause(e, wait),
          brief(e) + " from " + server.label());
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

  private static String cause(IOException e, Duration waited) {
    if (timedOut(e)) {
      return "timed out after " + waited.toMillis() + " ms";
    }
    if (e instanceof PortUnreachableException) {
      return "port unreachable (no DNS server listens there)";
    }
    String message = e.getMessage();
    return message == null || message.isBlank()
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + message;
  }

  /** The failure without its details: {@code timeout}, {@code port unreachable}. */
  private static String brief(IOException e) {
    if (timedOut(e)) {
      return "timeout";
    }
    if (e instanceof PortUnreachableException) {
      return "port unreachable";
    }
    return e.getClass().getSimpleName();
  }

  private static boolean timedOut(IOException e) {
    return e instanceof SocketTimeoutException
        || String.valueOf(e.getMessage()).toLowerCase().contains("timed out");
  }
}
