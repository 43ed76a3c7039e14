package org.slapos.instancenode.ops;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slapos.instancenode.cdn.Reason;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;

/**
 * {@code instancenode_entries{state,reason}}, counted from the request DB when scraped, as
 * cert-manager's collectors read their listers at collect time: right after a restart it shows what
 * the DB holds, not zeros until a pass ends. Every state with reason {@code ""} and every reason
 * code under {@code invalid} exist from the start; a series once shown stays, at zero once it has
 * no entries left, so a rate or an alert never sees a series vanish.
 *
 * <p>Counting reads every row, so it is redone only as {@link RequestDbPicture} says; readiness
 * reports a broken store. Thread-safe.
 */
final class EntriesCollector implements Collector {
  static final String NAME = "instancenode_entries";

  // Keys are [state, reason].
  private final RequestDbPicture<Map<List<String>, Integer>> entries;

  EntriesCollector(InstanceStore requestDb) {
    Map<List<String>, Integer> picture = new LinkedHashMap<>();
    for (String state : List.of(InstanceRow.VALID, InstanceRow.INVALID, InstanceRow.STOPPED)) {
      picture.put(List.of(state, ""), 0);
    }
    Reason.ORDER.forEach(reason -> picture.put(List.of(InstanceRow.INVALID, reason), 0));
    this.entries = new RequestDbPicture<>(requestDb, NAME, picture, EntriesCollector::count);
  }

  @Override
  public String getPrometheusName() {
    return NAME;
  }

  @Override
  public MetricSnapshot collect() {
    GaugeSnapshot.Builder snapshot =
        GaugeSnapshot.builder()
            .name(NAME)
            .help("Entries in the request DB by state and reason code, counted when scraped");
    entries
        .current()
        .forEach(
            (labels, count) ->
                snapshot.dataPoint(
                    GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("state", labels.get(0), "reason", labels.get(1)))
                        .value(count)
                        .build()));
    return snapshot.build();
  }

  private static Map<List<String>, Integer> count(
      InstanceStore requestDb, Map<List<String>, Integer> last) {
    Map<String, Map<String, Integer>> counts = requestDb.countByStateAndReason();
    Map<List<String>, Integer> next = new LinkedHashMap<>();
    last.keySet().forEach(labels -> next.put(labels, 0));
    counts.forEach(
        (state, byReason) ->
            byReason.forEach((reason, count) -> next.put(List.of(state, reason), count)));
    return next;
  }
}
