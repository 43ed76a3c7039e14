package org.slapos.instancenode.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.testing.dns.BindServer;
import org.slapos.instancenode.testing.dns.DnsTestConfig;
import org.slapos.instancenode.testing.dns.DnsZone;

/**
 * Authoritative mode against two independent BIND servers of example.com: ns1 (192.0.2.1 in the
 * zone) and ns2 (192.0.2.2), routed to their loopback ports; ns1 is also the resolver that finds
 * the zone and its servers.
 */
class AuthoritativeTxtLookupTest {
  private static BindServer ns1;
  private static BindServer ns2;
  private static DnsLookups lookups;
  private static String ns1At;
  private static String ns2At;

  @BeforeAll
  static void startServers() throws UnknownHostException {
    DnsZone zone =
        DnsZone.zone("example.com")
            .withNameServer("ns1.example.com", "192.0.2.1")
            .withNameServer("ns2.example.com", "192.0.2.2");
    ns1 = BindServer.start(zone);
    ns2 = BindServer.start(zone);
    Map<InetAddress, InetSocketAddress> routes =
        Map.of(
            InetAddress.getByName("192.0.2.1"), ns1.address(),
            InetAddress.getByName("192.0.2.2"), ns2.address());
    lookups =
        DnsLookups.from(
            DnsTestConfig.resolvingThrough(ns1.address(), "dns-mode = authoritative"),
            DnsMetrics.NONE,
            routes::get);
    ns1At = "ns1.example.com at 127.0.0.1:" + ns1.address().getPort();
    ns2At = "ns2.example.com at 127.0.0.1:" + ns2.address().getPort();
  }

  @AfterAll
  static void stopServers() {
    ns1.close();
    ns2.close();
  }

  private static TxtEvidence lookup(String name) {
    return lookups.txtNow(name);
  }

  @Test
  void everyServerIsAskedAndFoundWhenAllHoldTheValue() {
    String name = "_slapos-challenge.agree.example.com";
    ns1.records().addTxt(name, "token-1");
    ns2.records().addTxt(name, "token-1");

    TxtEvidence evidence = lookup(name);

    assertEquals(
        List.of("ns1.example.com", "ns2.example.com"),
        evidence.answers().stream().map(ServerAnswer::server).toList());
    assertEquals(
        new TxtAnswer.Found(List.of("token-1"), name, List.of(), ns1At),
        evidence.answerFor("token-1"));
  }

  @Test
  void serverWithoutTheRecordIsNamed() {
    String name = "_slapos-challenge.half.example.com";
    ns1.records().addTxt(name, "token-2");

    assertEquals(
        new TxtAnswer.Absent("no TXT record at " + name + " (NXDOMAIN from " + ns2At + ")"),
        lookup(name).answerFor("token-2"));
  }

  @Test
  void serverWithAnotherValueIsNamedWithThatValue() {
    String name = "_slapos-challenge.differ.example.com";
    ns1.records().addTxt(name, "token-3");
    ns2.records().addTxt(name, "stale-token");

    TxtAnswer.Found found =
        assertInstanceOf(TxtAnswer.Found.class, lookup(name).answerFor("token-3"));

    assertEquals(List.of("stale-token"), found.records());
    assertEquals(ns2At, found.server());
  }

  @Test
  void cnameWithinTheZoneIsFollowedOnEveryServer() {
    String name = "_slapos-challenge.alias.example.com";
    for (BindServer server : List.of(ns1, ns2)) {
      server.records().addCname(name, "tokens.example.com").addTxt("tokens.example.com", "token-4");
    }

    TxtAnswer.Found found =
        assertInstanceOf(TxtAnswer.Found.class, lookup(name).answerFor("token-4"));

    assertEquals(List.of("tokens.example.com"), found.cnameChain());
  }

  @Test
  void stoppedServerMakesTheLookupTransient() {
    String name = "_slapos-challenge.down.example.com";
    ns1.records().addTxt(name, "token-5");
    ns2.records().addTxt(name, "token-5");
    ns2.stop();
    try {
      TxtAnswer.Transient failure =
          assertInstanceOf(TxtAnswer.Transient.class, lookup(name).answerFor("token-5"));
      assertTrue(failure.why().startsWith("no answer from " + ns2At), failure.why());
    } finally {
      ns2.start();
    }
    assertInstanceOf(TxtAnswer.Found.class, lookup(name).answerFor("token-5"));
  }

  @Test
  void nameInNoServedZoneIsTransient() {
    TxtEvidence evidence = lookup("_slapos-challenge.example.org");

    assertEquals(DnsMetrics.TRANSIENT, evidence.label());
    assertEquals(
        "REFUSED from 127.0.0.1:"
            + ns1.address().getPort()
            + " for CNAME _slapos-challenge.example.org",
        ((TxtAnswer.Transient) evidence.answerFor("token")).why());
  }
}
