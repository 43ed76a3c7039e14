package org.slapos.instancenode.engine;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a {@code run --once} left unchecked when its deadline came: the entries it could not check,
 * each left as it was for the next run, grouped by why (the last failure seen for each), and the
 * steps of the run itself it could not finish (the master's listing, the owed bang). Immutable.
 *
 * @param deadline the run's budget ({@code run-once-deadline})
 * @param byWhy the references left, sorted, by why
 * @param unfinished the run's own steps left for the next run, each a sentence saying why
 */
public record Incomplete(
    Duration deadline, SortedMap<String, List<String>> byWhy, List<String> unfinished) {
  public Incomplete {
    SortedMap<String, List<String>> copy = new TreeMap<>();
    byWhy.forEach((why, references) -> copy.put(why, List.copyOf(references)));
    byWhy = Collections.unmodifiableSortedMap(copy);
    unfinished = List.copyOf(unfinished);
  }

  /**
   * Groups {@code whyByReference} (each reference left, with why) by why; {@code unfinished} as the
   * record's.
   */
  static Incomplete of(
      Duration deadline, Map<String, String> whyByReference, List<String> unfinished) {
    SortedMap<String, List<String>> byWhy = new TreeMap<>();
    new TreeMap<>(whyByReference)
        .forEach(
            (reference, why) -> byWhy.computeIfAbsent(why, w -> new ArrayList<>()).add(reference));
    return new Incomplete(deadline, byWhy, unfinished);
  }

  /** How many entries were left unchecked. */
  public int count() {
    return byWhy.values().stream().mapToInt(List::size).sum();
  }

  /**
   * The run's unfinished steps first, then one line per why, the most entries first: {@code 5
   * entries not checked: DNS did not answer (timeout from 127.0.0.1:53)}.
   */
  public List<String> lines() {
    return Stream.concat(
            unfinished.stream(),
            byWhy.entrySet().stream()
                .sorted(
                    Comparator.comparing(
                            (Map.Entry<String, List<String>> e) -> -e.getValue().size())
                        .thenComparing(Map.Entry::getKey))
                .map(e -> entries(e.getValue().size()) + " not checked: " + e.getKey()))
        .toList();
  }

  /** The whole story on one line, for the last-run record and the logs. */
  public String describe() {
    return "run-once-deadline (" + seconds(deadline) + ") reached: " + String.join("; ", lines());
  }

  /** {@code 50 s}, {@code 1.5 s}. */
  public static String seconds(Duration duration) {
    return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
  }

  private static String entries(int count) {
    return count == 1 ? "1 entry" : count + " entries";
  }
}
