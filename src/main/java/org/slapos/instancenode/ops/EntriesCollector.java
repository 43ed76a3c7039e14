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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code instancenode_entries{state,reason}}, counted from the request DB when scraped, as
 * cert-manager's collectors read their listers at collect time: right after a restart it shows what
 * the DB holds, not zeros until a pass ends. Every state with reason {@code ""} and every reason
 * code under {@code invalid} exist from the start; a series once shown stays, at zero once it has
 * no entries left, so a rate or an alert never sees a series vanish.
 *
 * <p>Counting reads every row, so it is redone only when the request DB committed something since
 * the last count (the daemon is its only writer). When the count fails, the last picture is served
 * and the failure logged; readiness reports the broken store. Thread-safe.
 */
final class EntriesCollector implements Collector {
  static final String NAME = "instancenode_entries";
  private static final Logger LOG = LoggerFactory.getLogger(EntriesCollector.class);

  private final InstanceStore requestDb;
  // Keys are [state, reason].
  private Map<List<String>, Integer> picture = new LinkedHashMap<>();
  private long countedAt = -1;

  EntriesCollector(InstanceStore requestDb) {
    this.requestDb = requestDb;
    for (String state : List.of(InstanceRow.VALID, InstanceRow.INVALID, InstanceRow.STOPPED)) {
      picture.put(List.of(state, ""), 0);
    }
    Reason.ORDER.forEach(reason -> picture.put(List.of(InstanceRow.INVALID, reason), 0));
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
    current()
        .forEach(
            (labels, count) ->
                snapshot.dataPoint(
                    GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("state", labels.get(0), "reason", labels.get(1)))
                        .value(count)
                        .build()));
    return snapshot.build();
  }

  private synchronized Map<List<String>, Integer> current() {
    long commits = requestDb.commits();
    if (commits == countedAt) {
      return picture;
    }
    Map<String, Map<String, Integer>> counts;
    try {
      counts = requestDb.countByStateAndReason();
    } catch (RuntimeException e) {
      LOG.atWarn()
          .setMessage("cannot count the entries for /metrics; the last count is shown")
          .addKeyValue("error", String.valueOf(e.getMessage()))
          .log();
      return picture;
    }
    Map<List<String>, Integer> next = new LinkedHashMap<>();
    picture.keySet().forEach(labels -> next.put(labels, 0));
    counts.forEach(
        (state, byReason) ->
            byReason.forEach((reason, count) -> next.put(List.of(state, reason), count)));
    picture = next;
    countedAt = commits;
    return picture;
  }
}
