package org.slapos.instancenode.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.master.SharedInstance;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.StoredSummary;

class SharedStringsTest {
  /** A row as a database read gives it: every text its own copy. */
  private static InstanceRow read(String reference, String error, String state) {
    return new InstanceRow(
        copy(reference),
        copy("{\"url\": \"https://x.example.net\"}"),
        copy(error),
        copy("h-" + reference),
        copy("1700000000"),
        copy(state));
  }

  private static Optional<String> none() {
    return Optional.empty();
  }

  private static String copy(String text) {
    return new String(text.toCharArray());
  }

  @Test
  void entriesReadApartShareTheirStateEmptyErrorAndTimestamp() {
    DesiredResource a = new DesiredResource(read("a", "{}", "valid"));
    DesiredResource b = new DesiredResource(read("b", "{}", "valid"));

    assertSame(a.row().validParameter(), b.row().validParameter());
    assertSame(a.row().jsonError(), b.row().jsonError());
    assertSame(a.row().timestamp(), b.row().timestamp());
    // The version keeps the same copies, not the ones read.
    assertSame(a.row().timestamp(), a.version().timestamp());
    assertSame(a.row().validParameter(), a.version().validParameter());
  }

  @Test
  void sharingChangesNoText() {
    InstanceRow row = read("a", "{\"message\": \"bad\"}", "1");

    DesiredResource resource = new DesiredResource(row);

    assertEquals(row, resource.row());
    assertEquals(new StoredSummary(row.hash(), "1", row.timestamp()), resource.version());
  }

  @Test
  void errorsAndReferencesAreEachEntrysOwn() {
    InstanceRow a = read("a", "{\"message\": \"bad\"}", "invalid");
    InstanceRow b = read("b", "{\"message\": \"bad\"}", "invalid");

    assertNotSame(
        new DesiredResource(a).row().jsonError(), new DesiredResource(b).row().jsonError());
  }

  @Test
  void listedEntriesShareTheirTypeAndState() {
    ObjectNode parameters = Json.MAPPER.createObjectNode();
    DesiredEntry a =
        DesiredEntry.of(
            new SharedInstance(
                "a", "A", copy("default"), copy("started"), parameters, none(), none()));
    DesiredEntry b =
        DesiredEntry.of(
            new SharedInstance(
                "b", "B", copy("default"), copy("started"), parameters, none(), none()));

    assertSame(a.softwareType(), b.softwareType());
    assertSame(DesiredEntry.STARTED, a.state());
    assertEquals("default", a.softwareType());
  }

  @Test
  void summaryKeptUnreadSharesItsStateAndTimestamp() {
    StoredSummary a = SharedStrings.of(new StoredSummary("h1", copy("valid"), copy("17")));
    StoredSummary b = SharedStrings.of(new StoredSummary("h2", copy("valid"), copy("17")));

    assertSame(a.validParameter(), b.validParameter());
    assertSame(a.timestamp(), b.timestamp());
    assertEquals(new StoredSummary("h1", "valid", "17"), a);
  }
}
