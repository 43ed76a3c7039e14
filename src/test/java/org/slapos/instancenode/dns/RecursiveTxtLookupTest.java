package org.slapos.instancenode.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.testing.dns.BindServer;
import org.slapos.instancenode.testing.dns.DnsTestConfig;
import org.slapos.instancenode.testing.dns.DnsZone;
import org.slapos.instancenode.testing.dns.ZoneUpdates;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Recursive-mode lookups against a real BIND server serving example.com and example.net. */
class RecursiveTxtLookupTest {
  private static BindServer server;
  private static DnsLookups lookups;
  private static String where;

  @BeforeAll
  static void startServer() {
    server = BindServer.start(DnsZone.zone("example.com"), DnsZone.zone("example.net"));
    lookups = DnsLookups.from(DnsTestConfig.resolvingThrough(server.address()), DnsMetrics.NONE);
    where = "127.0.0.1:" + server.address().getPort();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static ZoneUpdates records() {
    return server.records();
  }

  private static TxtAnswer answer(String name, String expected) {
    return lookups.txtNow(name).answerFor(expected);
  }

  @Test
  void tokenPublishedLaterIsAbsentThenFound() {
    String name = "_slapos-challenge.later.example.com";
    assertInstanceOf(TxtAnswer.Absent.class, answer(name, "token-1"));

    records().addTxt(name, "token-1");

    TxtAnswer.Found found = assertInstanceOf(TxtAnswer.Found.class, answer(name, "token-1"));
    assertEquals(new TxtAnswer.Found(List.of("token-1"), name, List.of(), where), found);
  }

  @Test
  void removedRecordIsAbsentAtOnceAsNothingIsCached() {
    String name = "_slapos-challenge.removed.example.com";
    records().addTxt(name, "token-2");
    assertTrue(((TxtAnswer.Found) answer(name, "token-2")).contains("token-2"));

    records().removeTxt(name);

    assertInstanceOf(TxtAnswer.Absent.class, answer(name, "token-2"));
  }

  @Test
  void nxdomainIsAbsentNamingTheServerAndTheCode() {
    assertEquals(
        new TxtAnswer.Absent(
            "no TXT record at _slapos-challenge.nowhere.example.com (NXDOMAIN from " + where + ")"),
        answer("_slapos-challenge.nowhere.example.com", "token"));
  }

  @Test
  void emptyAnswerIsAbsent() {
    records().addA("_slapos-challenge.empty.example.com", "192.0.2.1");

    assertEquals(
        new TxtAnswer.Absent(
            "no TXT record at _slapos-challenge.empty.example.com (NOERROR with an empty answer"
                + " from "
                + where
                + ")"),
        answer("_slapos-challenge.empty.example.com.", "token"));
  }

  @Test
  void wrongValueIsFoundWithTheValueSeen() {
    String name = "_slapos-challenge.wrong.example.com";
    records().addTxt(name, "someone-else");

    TxtAnswer.Found found = assertInstanceOf(TxtAnswer.Found.class, answer(name, "token-3"));

    assertEquals(List.of("someone-else"), found.records());
  }

  @Test
  void recordSplitInSeveralStringsIsOneValue() {
    String name = "_slapos-challenge.split.example.com";
    records().addTxt(name, "first-half-", "second-half");

    TxtAnswer.Found found =
        assertInstanceOf(TxtAnswer.Found.class, answer(name, "first-half-second-half"));

    assertEquals(List.of("first-half-second-half"), found.records());
  }

  @Test
  void anyOfSeveralRecordsMayHoldTheValue() {
    String name = "_slapos-challenge.several.example.com";
    records().addTxt(name, "v=spf1 -all").addTxt(name, "token-4").addTxt(name, "other");

    TxtAnswer.Found found = assertInstanceOf(TxtAnswer.Found.class, answer(name, "token-4"));

    assertEquals(List.of("other", "token-4", "v=spf1 -all"), found.records());
  }

  @Test
  void cnameToAnotherZoneIsFollowed() {
    String name = "_slapos-challenge.cname.example.com";
    records().addCname(name, "tokens.example.net").addTxt("tokens.example.net", "token-5");

    TxtAnswer.Found found = assertInstanceOf(TxtAnswer.Found.class, answer(name, "token-5"));

    assertEquals(List.of("tokens.example.net"), found.cnameChain());
    assertEquals(name, found.queriedName());
  }

  @Test
  void cnameToAMissingNameIsAbsentSayingWhere() {
    String name = "_slapos-challenge.dangling.example.com";
    records().addCname(name, "missing.example.net");

    assertEquals(
        new TxtAnswer.Absent(
            "no TXT record at missing.example.net, reached through CNAME from "
                + name
                + " (NXDOMAIN from "
                + where
                + ")"),
        answer(name, "token"));
  }

  @Test
  void cnameLoopIsTransient() {
    records()
        .addCname("_slapos-challenge.loop.example.com", "a.loop.example.net")
        .addCname("a.loop.example.net", "_slapos-challenge.loop.example.com");

    TxtAnswer.Transient failure =
        assertInstanceOf(
            TxtAnswer.Transient.class, answer("_slapos-challenge.loop.example.com", "token"));

    assertTrue(failure.why().startsWith("CNAME loop from " + where), failure.why());
  }

  @Test
  void cnameChainLongerThanTheLimitIsTransient() {
    int links = TxtQuery.MAX_CNAMES + 1;
    for (int i = 0; i < links; i++) {
      records().addCname("c" + i + ".long.example.com", "c" + (i + 1) + ".long.example.com");
    }
    records().addTxt("c" + links + ".long.example.com", "token");

    TxtAnswer.Transient failure =
        assertInstanceOf(TxtAnswer.Transient.class, answer("c0.long.example.com", "token"));

    assertTrue(failure.why().startsWith("CNAME chain longer than 8"), failure.why());
  }

  @Test
  void nameOutsideTheServersZonesIsRefusedAndTransient() {
    assertEquals(
        new TxtAnswer.Transient(
            "REFUSED from " + where + " for TXT _slapos-challenge.example.org",
            "REFUSED from " + where),
        answer("_slapos-challenge.example.org", "token"));
  }

  @Test
  void answerTooLargeForUdpComesOverTcp() throws IOException {
    String name = "_slapos-challenge.large.example.com";
    List<String> values =
        IntStream.range(0, 12)
            .mapToObj(i -> i + "-" + String.join("", Collections.nCopies(150, "x")))
            .toList();
    values.forEach(value -> records().addTxt(name, value));
    assertTrue(truncatedOverUdp(name), "the answer should not fit in a UDP message");

    TxtAnswer.Found found = assertInstanceOf(TxtAnswer.Found.class, answer(name, values.get(0)));

    assertEquals(values.size(), found.records().size());
  }

  private static boolean truncatedOverUdp(String name) throws IOException {
    SimpleResolver udpOnly = new SimpleResolver(server.address());
    udpOnly.setIgnoreTruncation(true);
    Message query =
        Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), Type.TXT, DClass.IN));
    return udpOnly.send(query).getHeader().getFlag(Flags.TC);
  }

  @Test
  void invalidNameIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> lookups.txtNow("a..example.com"));
  }
}
