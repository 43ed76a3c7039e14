package org.slapos.instancenode.dns;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Asks one server for the TXT records of a name, following CNAME chains: the server's own answer
 * may carry the chain (a resolver follows it), or stop at a CNAME (an authoritative server whose
 * data ends there), in which case the target is asked next. Thread-safe.
 */
final class TxtQuery {
  /** The longest CNAME chain followed. */
  static final int MAX_CNAMES = 8;

  private final DnsClient client;

  TxtQuery(DnsClient client) {
    this.client = client;
  }

  /**
   * What {@code server} says about the TXT records of {@code name}.
   *
   * @param recursionDesired false to ask an authoritative server for its own data only; its answers
   *     must then be authoritative
   */
  TxtAnswer ask(NameServer server, Name name, boolean recursionDesired) {
    List<Name> chain = new ArrayList<>(List.of(name));
    while (true) {
      Name asked = chain.getLast();
      Message response;
      try {
        response = client.ask(server, asked, Type.TXT, recursionDesired);
      } catch (DnsUnavailableException e) {
        return new TxtAnswer.Transient(e.getMessage(), e.brief());
      }
      Optional<TxtAnswer.Transient> unusable = unusable(response, server, asked, recursionDesired);
      if (unusable.isPresent()) {
        return unusable.get();
      }
      Optional<String> broken = follow(response, chain, server);
      if (broken.isPresent()) {
        return new TxtAnswer.Transient(broken.get());
      }
      List<String> records = txtOf(response, chain.getLast());
      if (!records.isEmpty()) {
        return new TxtAnswer.Found(
            records,
            name.toString(true),
            chain.subList(1, chain.size()).stream().map(n -> n.toString(true)).toList(),
            server.label());
      }
      if (chain.getLast().equals(asked)) {
        return new TxtAnswer.Absent(absence(response, server, chain));
      }
    }
  }

  private static Optional<TxtAnswer.Transient> unusable(
      Message response, NameServer server, Name asked, boolean recursionDesired) {
    int rcode = response.getRcode();
    if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
      String brief = DnsClient.rcode(response) + " from " + server.label();
      return Optional.of(
          new TxtAnswer.Transient(brief + " for " + DnsClient.question(asked, Type.TXT), brief));
    }
    if (!recursionDesired && !response.getHeader().getFlag(Flags.AA)) {
      return Optional.of(
          new TxtAnswer.Transient(
              server.label()
                  + " is not authoritative for "
                  + asked.toString(true)
                  + " (a referral or cached answer)",
              server.label() + " is not authoritative"));
    }
    return Optional.empty();
  }

  /**
   * Appends the CNAME targets the answer leads to from the end of {@code chain}; says why the chain
   * is broken (a loop or too long), if it is.
   */
  private static Optional<String> follow(Message response, List<Name> chain, NameServer server) {
    for (Name target = cnameTarget(response, chain.getLast());
        target != null;
        target = cnameTarget(response, target)) {
      if (chain.contains(target)) {
        return Optional.of(
            "CNAME loop from "
                + server.label()
                + ": "
                + path(chain)
                + " -> "
                + target.toString(true));
      }
      chain.add(target);
      if (chain.size() - 1 > MAX_CNAMES) {
        return Optional.of(
            "CNAME chain longer than "
                + MAX_CNAMES
                + " from "
                + server.label()
                + ": "
                + path(chain));
      }
    }
    return Optional.empty();
  }

  private static Name cnameTarget(Message response, Name owner) {
    return response.getSection(Section.ANSWER).stream()
        .filter(r -> r instanceof CNAMERecord && r.getName().equals(owner))
        .map(r -> ((CNAMERecord) r).getTarget())
        .findFirst()
        .orElse(null);
  }

  private static List<String> txtOf(Message response, Name owner) {
    return response.getSection(Section.ANSWER).stream()
        .filter(r -> r instanceof TXTRecord && r.getName().equals(owner))
        .map(r -> joined((TXTRecord) r))
        .sorted()
        .toList();
  }

  /** One record's strings as one string: a long value split into several strings is one value. */
  private static String joined(TXTRecord record) {
    StringBuilder text = new StringBuilder();
    for (byte[] string : record.getStringsAsByteArrays()) {
      text.append(new String(string, StandardCharsets.UTF_8));
    }
    return text.toString();
  }

  private static String absence(Message response, NameServer server, List<Name> chain) {
    String what =
        response.getRcode() == Rcode.NXDOMAIN ? "NXDOMAIN" : "NOERROR with an empty answer";
    String via =
        chain.size() == 1 ? "" : ", reached through CNAME from " + chain.getFirst().toString(true);
    return "no TXT record at "
        + chain.getLast().toString(true)
        + via
        + " ("
        + what
        + " from "
        + server.label()
        + ")";
  }

  static String path(List<Name> chain) {
    return String.join(" -> ", chain.stream().map(n -> n.toString(true)).toList());
  }
}
