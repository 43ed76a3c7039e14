package org.slapos.instancenode.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slapos.instancenode.cdn.Reason;
import org.slapos.instancenode.store.Batch;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.testing.ScrapedMetrics;

/** {@code instancenode_entries} counted from a real request DB file at scrape time. */
class EntriesCollectorTest {
  @TempDir Path dir;
  private InstanceStore requestDb;
  private OpsEndpoint endpoint;

  private void open() {
    requestDb = InstanceStore.openRequestDb(dir.resolve("request.sqlite"));
    PrometheusMetrics metrics = new PrometheusMetrics(PrometheusMetrics.CONTROLLER);
    metrics.countEntries(requestDb);
    endpoint = new OpsEndpoint(metrics);
  }

  @AfterEach
  void close() {
    endpoint.close();
    requestDb.close();
  }

  private void write(InstanceRow... rows) {
    Batch batch = requestDb.batch();
    for (InstanceRow row : rows) {
      batch.upsert(row);
    }
    batch.commit();
  }

  private static InstanceRow row(String reference, String state, String error) {
    return new InstanceRow(reference, "{}", error, "h-" + reference, "1700000000", state);
  }

  private static InstanceRow invalid(String reference, String reason) {
    return row(
        reference, InstanceRow.INVALID, "{\"message\": \"m\", \"reason\": \"" + reason + "\"}");
  }

  private double entries(String state, String reason) throws Exception {
    return endpoint.scrape().value("instancenode_entries", "state", state, "reason", reason);
  }

  @Test
  void aRestartedNodeShowsWhatTheRequestDbHoldsBeforeAnyPass() throws Exception {
    requestDb = InstanceStore.openRequestDb(dir.resolve("request.sqlite"));
    write(
        row("a", InstanceRow.VALID, "{}"),
        row("b", InstanceRow.VALID, "{}"),
        invalid("c", Reason.DNS_CHALLENGE_PENDING),
        row("d", InstanceRow.STOPPED, "{}"));
    requestDb.close();

    open();

    assertEquals(2, entries("valid", ""));
    assertEquals(1, entries("invalid", "dns-challenge-pending"));
    assertEquals(1, entries("stopped", ""));
    assertEquals("gauge", endpoint.scrape().type("instancenode_entries"));
  }

  @Test
  void aCommittedChangeShowsAtTheNextScrape() throws Exception {
    open();
    write(invalid("a", Reason.SCHEMA));
    assertEquals(1, entries("invalid", "schema"));

    write(row("a", InstanceRow.VALID, "{}"));

    assertEquals(1, entries("valid", ""));
    assertEquals(0, entries("invalid", "schema"), "a series once shown stays, at zero");
  }

  @Test
  void aReasonThisVersionDoesNotKnowIsShownAndStaysAtZeroAfter() throws Exception {
    open();
    write(invalid("a", "a-future-reason"));
    assertEquals(1, entries("invalid", "a-future-reason"));

    requestDb.batch().delete("a").commit();

    assertEquals(0, entries("invalid", "a-future-reason"));
  }

  static Stream<String> reasons() {
    return Reason.ORDER.stream();
  }

  @ParameterizedTest
  @MethodSource("reasons")
  void everyReasonStartsAtZeroUnderInvalid(String reason) throws Exception {
    open();
    ScrapedMetrics scraped = endpoint.scrape();
    assertEquals(0, scraped.value("instancenode_entries", "state", "invalid", "reason", reason));
    for (String state : new String[] {"valid", "invalid", "stopped"}) {
      assertEquals(0, scraped.value("instancenode_entries", "state", state, "reason", ""));
    }
  }
}
