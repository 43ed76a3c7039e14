package org.slapos.instancenode.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.StoredSummary;

class DesiredDiffTest {
  private static final DesiredDiff NOTHING =
      new DesiredDiff(List.of(), List.of(), List.of(), List.of());

  private static StoredSummary stored(String hash, String state) {
    return new StoredSummary(hash, state, "1700000000");
  }

  static Stream<Arguments> singleEntry() {
    return Stream.of(
        Arguments.of("new entry is added", Map.of("r", "h"), Map.of(), diff("r", "", "", "")),
        Arguments.of(
            "changed hash is modified",
            Map.of("r", "h2"),
            Map.of("r", stored("h1", InstanceRow.VALID)),
            diff("", "r", "", "")),
        Arguments.of(
            "changed invalid entry is modified",
            Map.of("r", "h2"),
            Map.of("r", stored("h1", InstanceRow.INVALID)),
            diff("", "r", "", "")),
        Arguments.of(
            "stored entry no longer desired is removed",
            Map.of(),
            Map.of("r", stored("h", InstanceRow.VALID)),
            diff("", "", "r", "")),
        Arguments.of(
            "stopped entry no longer desired is still removed",
            Map.of(),
            Map.of("r", stored("h", InstanceRow.STOPPED)),
            diff("", "", "r", "")),
        Arguments.of(
            "unchanged invalid entry is looked at again",
            Map.of("r", "h"),
            Map.of("r", stored("h", InstanceRow.INVALID)),
            diff("", "", "", "r")),
        Arguments.of(
            "unchanged valid entry is left alone",
            Map.of("r", "h"),
            Map.of("r", stored("h", InstanceRow.VALID)),
            NOTHING),
        Arguments.of(
            "stopped entry desired again with the same hash is modified",
            Map.of("r", "h"),
            Map.of("r", stored("h", InstanceRow.STOPPED)),
            diff("", "r", "", "")),
        Arguments.of(
            "row without a hash is modified",
            Map.of("r", "h"),
            Map.of("r", stored(null, InstanceRow.VALID)),
            diff("", "r", "", "")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleEntry")
  void classifiesOneEntry(
      String name,
      Map<String, String> desired,
      Map<String, StoredSummary> stored,
      DesiredDiff expected) {
    assertEquals(expected, DesiredDiff.compute(desired, stored));
  }

  @Test
  void everyListIsSorted() {
    Map<String, String> desired = new HashMap<>();
    Map<String, StoredSummary> stored = new HashMap<>();
    for (String r : List.of("c", "a", "b")) {
      desired.put("add-" + r, "h");
      desired.put("mod-" + r, "new");
      stored.put("mod-" + r, stored("old", InstanceRow.VALID));
      stored.put("rem-" + r, stored("h", InstanceRow.VALID));
      desired.put("inv-" + r, "h");
      stored.put("inv-" + r, stored("h", InstanceRow.INVALID));
      desired.put("ok-" + r, "h");
      stored.put("ok-" + r, stored("h", InstanceRow.VALID));
    }

    assertEquals(
        new DesiredDiff(
            List.of("add-a", "add-b", "add-c"),
            List.of("mod-a", "mod-b", "mod-c"),
            List.of("rem-a", "rem-b", "rem-c"),
            List.of("inv-a", "inv-b", "inv-c")),
        DesiredDiff.compute(desired, stored));
  }

  @Test
  void emptyInputsGiveAnEmptyDiff() {
    assertEquals(NOTHING, DesiredDiff.compute(Map.of(), Map.of()));
  }

  private static DesiredDiff diff(
      String added, String modified, String removed, String unchangedInvalid) {
    return new DesiredDiff(list(added), list(modified), list(removed), list(unchangedInvalid));
  }

  private static List<String> list(String reference) {
    return reference.isEmpty() ? List.of() : List.of(reference);
  }
}
