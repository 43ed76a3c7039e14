package org.slapos.instancenode.dns;

import java.util.List;

/**
 * What one source of DNS answers said about the TXT records of a name. Immutable.
 *
 * <p>The {@code why} texts are shown to users and operators: they name the record, the server that
 * answered (host and {@code address:port}) and the response code.
 */
public sealed interface TxtAnswer {

  /** The metric label of this outcome: {@code found}, {@code absent} or {@code transient}. */
  String label();

  /**
   * TXT records exist.
   *
   * @param records each record's strings joined into one string, sorted (servers rotate records; a
   *     stable order keeps messages stable)
   * @param queriedName the name asked for, without the final dot
   * @param cnameChain the CNAME targets followed from {@code queriedName}, in order; the last one
   *     holds the records; empty when {@code queriedName} holds them
   * @param server who answered, e.g. {@code 127.0.0.1:53} or {@code ns1.example.com at
   *     192.0.2.1:53}
   */
  record Found(List<String> records, String queriedName, List<String> cnameChain, String server)
      implements TxtAnswer {
    public Found {
      records = List.copyOf(records);
      cnameChain = List.copyOf(cnameChain);
    }

    /** Whether one of the records is exactly {@code value}. */
    public boolean contains(String value) {
      return records.contains(value);
    }

    /** The name that holds the records: the end of the CNAME chain. */
    public String holder() {
      return cnameChain.isEmpty() ? queriedName : cnameChain.getLast();
    }

    @Override
    public String label() {
      return DnsMetrics.FOUND;
    }
  }

  /** No TXT record yet: NXDOMAIN or an empty answer. {@code why} says which, and from whom. */
  record Absent(String why) implements TxtAnswer {
    @Override
    public String label() {
      return DnsMetrics.ABSENT;
    }
  }

  /**
   * No usable answer: SERVFAIL, REFUSED, a timeout, a network error, a CNAME loop or a too long
   * chain. The caller must change nothing on it.
   *
   * @param why the whole story, naming the question asked
   * @param brief what went wrong and where, without the question ({@code timeout from
   *     127.0.0.1:53}): the same for every name that met the same failure
   */
  record Transient(String why, String brief) implements TxtAnswer {
    /** A failure whose {@code why} is its own brief: it names no question. */
    public Transient(String why) {
      this(why, why);
    }

    /** Several servers' failures as one: every why, and every distinct brief. */
    static Transient joined(List<Transient> failures) {
      return new Transient(
          String.join("; ", failures.stream().map(Transient::why).toList()),
          String.join("; ", failures.stream().map(Transient::brief).distinct().toList()));
    }

    @Override
    public String label() {
      return DnsMetrics.TRANSIENT;
    }
  }
}
