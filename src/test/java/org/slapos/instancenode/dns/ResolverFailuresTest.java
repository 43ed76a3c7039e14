package org.slapos.instancenode.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.testing.dns.BindServer;
import org.slapos.instancenode.testing.dns.DnsTestConfig;
import org.slapos.instancenode.testing.dns.DnsZone;
import org.slapos.instancenode.time.Deadline;

/**
 * Resolvers that do not answer: a stopped BIND server, and a UDP socket that never replies (a
 * timeout of 300 ms); failing over to the next resolver; asking each resolver separately.
 */
class ResolverFailuresTest {
  private static final String NAME = "_slapos-challenge.example.com";

  private static BindServer server;
  private static DatagramSocket silent;
  private static String serverAt;
  private static String silentAt;

  @BeforeAll
  static void start() throws SocketException {
    server = BindServer.start(DnsZone.zone("example.com"));
    server.records().addTxt(NAME, "token");
    silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    serverAt = "127.0.0.1:" + server.address().getPort();
    silentAt = "127.0.0.1:" + silent.getLocalPort();
  }

  @AfterAll
  static void stop() {
    silent.close();
    server.close();
  }

  private static DnsLookups through(InetSocketAddress... resolvers) {
    return DnsLookups.from(DnsTestConfig.resolvingThrough(resolvers), DnsMetrics.NONE);
  }

  @Test
  void stoppedServerIsTransientAndServesItsRecordsAgainAfterARestart() {
    DnsLookups lookups = through(server.address());
    server.stop();
    TxtAnswer.Transient failure;
    try {
      failure =
          assertInstanceOf(TxtAnswer.Transient.class, lookups.txtNow(NAME).answerFor("token"));
    } finally {
      server.start();
    }

    assertEquals(
        "no answer from "
            + serverAt
            + " for TXT "
            + NAME
            + ": port unreachable (no DNS server listens there)",
        failure.why());
    assertInstanceOf(TxtAnswer.Found.class, lookups.txtNow(NAME).answerFor("token"));
  }

  @Test
  void silentServerTimesOut() {
    DnsLookups lookups = through(silentAddress());
    assertEquals(
        new TxtAnswer.Transient(
            "no answer from " + silentAt + " for TXT " + NAME + ": timed out after 300 ms",
            "timeout from " + silentAt),
        lookups.txtNow(NAME).answerFor("token"));
  }

  @Test
  void aQuestionWaitsNoLongerThanTheDeadlineAndIsNotSentOnceItHasCome() {
    Deadline deadline = Deadline.after(Duration.ofMillis(100), InstantSource.system());
    DnsLookups lookups =
        DnsLookups.from(
            DnsTestConfig.resolvingThrough(silentAddress()),
            DnsMetrics.NONE,
            AuthoritativeEndpoints.PORT_53,
            deadline);
    TxtAnswer.Transient first =
        assertInstanceOf(TxtAnswer.Transient.class, lookups.txtNow(NAME).answerFor("token"));
    assertEquals("timeout from " + silentAt, first.brief());
    // dns-timeout is 300 ms: the question waited what was left of the 100 ms, no more.
    Matcher waited = Pattern.compile("timed out after (\\d+) ms$").matcher(first.why());
    assertTrue(waited.find(), first.why());
    assertTrue(Integer.parseInt(waited.group(1)) <= 100, first.why());
    assertEquals(
        new TxtAnswer.Transient(
            "not asked " + silentAt + " for TXT " + NAME + ": the run's deadline was reached",
            "deadline reached before asking " + silentAt),
        lookups.txtNow(NAME).answerFor("token"));
  }

  @Test
  void nextResolverAnswersWhenTheFirstDoesNot() {
    DnsLookups lookups = through(silentAddress(), server.address());
    TxtEvidence evidence = lookups.txtNow(NAME);

    assertEquals(List.of(serverAt), evidence.answers().stream().map(ServerAnswer::server).toList());
    assertInstanceOf(TxtAnswer.Found.class, evidence.answerFor("token"));
  }

  @Test
  void eachResolverIsAskedSeparately() {
    DnsLookups lookups =
        DnsLookups.eachResolver(
            DnsTestConfig.resolvingThrough(
                new InetSocketAddress[] {silentAddress(), server.address()}),
            DnsMetrics.NONE);
    List<ServerAnswer> answers = lookups.txtNow(NAME).answers();

    assertEquals(List.of(silentAt, serverAt), answers.stream().map(ServerAnswer::server).toList());
    assertInstanceOf(TxtAnswer.Transient.class, answers.get(0).answer());
    assertEquals(List.of("token"), ((TxtAnswer.Found) answers.get(1).answer()).records());
  }

  private static InetSocketAddress silentAddress() {
    return (InetSocketAddress) silent.getLocalSocketAddress();
  }
}
