package org.slapos.instancenode.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.store.DomainStore;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.store.StateEvent;

/**
 * What a running node recorded in its request DB and domain DB, read through connections of the
 * test's own (SQLite lets them read beside the node's writer), for assertions and waits.
 */
public final class RecordedEntries implements AutoCloseable {
  /** How long a wait for the node to record something may take. */
  public static final Duration WAIT = Duration.ofSeconds(20);

  private final InstanceStore requestDb;
  private final DomainStore domainDb;

  private RecordedEntries(InstanceStore requestDb, DomainStore domainDb) {
    this.requestDb = requestDb;
    this.domainDb = domainDb;
  }

  /** Opens the node's request DB and domain DB, which must exist. */
  public static RecordedEntries open(NodeDir node) {
    InstanceStore requestDb = InstanceStore.openRequestDb(node.requestDb());
    try {
      return new RecordedEntries(requestDb, DomainStore.open(node.domainDb()));
    } catch (RuntimeException e) {
      requestDb.close();
      throw e;
    }
  }

  public InstanceStore requestDb() {
    return requestDb;
  }

  public DomainStore domainDb() {
    return domainDb;
  }

  /**
   * The request DB row of {@code reference}.
   *
   * @throws AssertionError when there is none
   */
  public InstanceRow row(String reference) {
    return requestDb.find(reference).orElseThrow(() -> new AssertionError("no row " + reference));
  }

  /** The parsed {@code json_error} of {@code reference}'s row. */
  public JsonNode jsonError(String reference) throws IOException {
    return Json.MAPPER.readTree(row(reference).jsonError());
  }

  /**
   * The state changes of {@code reference}, oldest first, each as {@code from>to(reason)}: {@code
   * new} for no state before, {@code forgotten} for none after, no parentheses without a reason.
   */
  public List<String> history(String reference) {
    return requestDb.events(reference).stream().map(RecordedEntries::describe).toList();
  }

  private static String describe(StateEvent e) {
    return (e.fromState() == null ? "new" : e.fromState())
        + ">"
        + (e.toState() == null ? "forgotten" : e.toState())
        + (e.reason() == null ? "" : "(" + e.reason() + ")");
  }

  /** The host names {@code reference} holds in {@code used_hosts}. */
  public Set<String> hosts(String reference) {
    return domainDb.hosts(reference);
  }

  /** Waits until the row of {@code reference} is in {@code state}. */
  public void awaitState(String reference, String state) {
    awaitUntil(
        () ->
            requestDb.find(reference).map(InstanceRow::validParameter).equals(Optional.of(state)));
  }

  /** Waits up to {@link #WAIT} for {@code condition}, checking it every 50 ms. */
  public static void awaitUntil(Callable<Boolean> condition) {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(condition);
  }

  @Override
  public void close() {
    try {
      requestDb.close();
    } finally {
      domainDb.close();
    }
  }
}
