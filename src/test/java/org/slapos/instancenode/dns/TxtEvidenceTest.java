package org.slapos.instancenode.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TxtEvidenceTest {
  private static final String NAME = "_slapos-challenge.example.com";

  private static TxtAnswer.Found found(String server, String... records) {
    return new TxtAnswer.Found(List.of(records), NAME, List.of(), server);
  }

  private static TxtEvidence evidence(TxtAnswer... answers) {
    return new TxtEvidence(
        NAME,
        java.util.stream.IntStream.range(0, answers.length)
            .mapToObj(i -> new ServerAnswer("ns" + (i + 1), answers[i]))
            .toList());
  }

  @Test
  void everyServerHoldingTheValueGivesTheFirstServersRecords() {
    TxtAnswer first = found("ns1", "token", "other");

    assertSame(first, evidence(first, found("ns2", "token")).answerFor("token"));
  }

  @Test
  void serverHoldingOnlyOtherValuesIsTheAnswer() {
    TxtAnswer stale = found("ns2", "old-token");

    assertSame(stale, evidence(found("ns1", "token"), stale).answerFor("token"));
  }

  @Test
  void serverWithoutRecordIsTheAnswer() {
    TxtAnswer absent = new TxtAnswer.Absent("no TXT record at x (NXDOMAIN from ns2)");

    assertSame(absent, evidence(found("ns1", "token"), absent).answerFor("token"));
  }

  @Test
  void anyTransientServerMakesItTransientWithEveryReason() {
    TxtEvidence evidence =
        evidence(
            new TxtAnswer.Transient("SERVFAIL from ns1"),
            new TxtAnswer.Absent("no TXT record"),
            new TxtAnswer.Transient("no answer from ns3"));

    assertEquals(
        new TxtAnswer.Transient("SERVFAIL from ns1; no answer from ns3"),
        evidence.answerFor("token"));
    assertEquals(DnsMetrics.TRANSIENT, evidence.label());
  }

  @Test
  void labelIsAbsentWhenAServerHasNoRecordAndFoundWhenAllHaveSome() {
    assertEquals(
        DnsMetrics.ABSENT, evidence(found("ns1", "a"), new TxtAnswer.Absent("none")).label());
    assertEquals(DnsMetrics.FOUND, evidence(found("ns1", "a"), found("ns2", "b")).label());
  }

  @Test
  void foundHolderIsTheEndOfTheCnameChain() {
    TxtAnswer.Found viaCname =
        new TxtAnswer.Found(List.of("t"), NAME, List.of("a.example.net", "b.example.net"), "ns1");

    assertEquals("b.example.net", viaCname.holder());
    assertEquals(NAME, found("ns1", "t").holder());
  }

  @Test
  void evidenceNeedsAnAnswer() {
    assertThrows(IllegalArgumentException.class, () -> new TxtEvidence(NAME, List.of()));
  }
}
