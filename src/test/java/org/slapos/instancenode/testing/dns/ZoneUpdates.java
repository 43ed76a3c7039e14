package org.slapos.instancenode.testing.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Changes the records of a {@link BindServer} with RFC 2136 updates sent by dnsjava. Each method
 * sends one update to the zone holding the name and fails unless the server says NOERROR. Names are
 * absolute, the final dot optional.
 */
public final class ZoneUpdates {
  private static final long TTL = 60;

  private final InetSocketAddress server;
  private final List<DnsZone> zones;

  ZoneUpdates(InetSocketAddress server, List<DnsZone> zones) {
    this.server = server;
    this.zones = zones;
  }

  /** Adds one TXT record made of {@code strings} (several strings make one record). */
  public ZoneUpdates addTxt(String name, String... strings) {
    return add(new TXTRecord(name(name), DClass.IN, TTL, List.of(strings)));
  }

  /**
   * Adds one single-string TXT record per entry of {@code records} (name to value), several records
   * per update message ({@code perMessage}), each message sent over TCP: for benchmarks that
   * publish thousands of records.
   */
  public ZoneUpdates addTxts(Map<String, String> records, int perMessage) {
    Map<String, List<Record>> byZone = new LinkedHashMap<>();
    records.forEach(
        (name, value) ->
            byZone
                .computeIfAbsent(zoneOf(name).origin(), zone -> new ArrayList<>())
                .add(new TXTRecord(name(name), DClass.IN, TTL, value)));
    byZone.forEach(
        (origin, all) -> {
          for (int from = 0; from < all.size(); from += perMessage) {
            Update update = new Update(name(origin));
            all.subList(from, Math.min(all.size(), from + perMessage)).forEach(update::add);
            send(update, all.size() + " TXT records of " + origin, true);
          }
        });
    return this;
  }

  /** Removes every TXT record of {@code name}. */
  public ZoneUpdates removeTxt(String name) {
    Update update = update(name);
    update.delete(name(name), Type.TXT);
    return send(update, name);
  }

  /** Makes {@code name} a CNAME to {@code target}. */
  public ZoneUpdates addCname(String name, String target) {
    return add(new CNAMERecord(name(name), DClass.IN, TTL, name(target)));
  }

  /** Adds an A record. */
  public ZoneUpdates addA(String name, String ipv4) {
    try {
      return add(new ARecord(name(name), DClass.IN, TTL, InetAddress.getByName(ipv4)));
    } catch (IOException e) {
      throw new IllegalArgumentException("not an IPv4 address: " + ipv4, e);
    }
  }

  /** Adds an NS record at {@code name} (a zone apex or a delegation point). */
  public ZoneUpdates addNs(String name, String host) {
    return add(new NSRecord(name(name), DClass.IN, TTL, name(host)));
  }

  private ZoneUpdates add(Record record) {
    Update update = update(record.getName().toString());
    update.add(record);
    return send(update, record.getName().toString());
  }

  private Update update(String name) {
    return new Update(name(zoneOf(name).origin()));
  }

  private DnsZone zoneOf(String name) {
    return zones.stream()
        .filter(z -> z.contains(name))
        .max(Comparator.comparingInt(z -> z.origin().length()))
        .orElseThrow(() -> new IllegalArgumentException(name + " is in no zone of the server"));
  }

  private ZoneUpdates send(Update update, String name) {
    return send(update, name, false);
  }

  private ZoneUpdates send(Update update, String name, boolean tcp) {
    SimpleResolver resolver = new SimpleResolver(server);
    resolver.setTimeout(Duration.ofSeconds(5));
    resolver.setTCP(tcp);
    try {
      Message response = resolver.send(update);
      if (response.getRcode() != Rcode.NOERROR) {
        throw new IllegalStateException(
            "update of "
                + name
                + " refused by "
                + server
                + ": "
                + Rcode.string(response.getRcode()));
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("update of " + name + " not sent to " + server, e);
    }
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
