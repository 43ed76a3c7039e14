package org.slapos.instancenode.master;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what the guard reports, for assertions. */
final class RecordingMasterMetrics implements MasterMetrics {
  final List<String> calls = new CopyOnWriteArrayList<>();
  final List<Circuit> states = new CopyOnWriteArrayList<>();
  final List<String> retries = new CopyOnWriteArrayList<>();

  @Override
  public void call(String method, Outcome outcome, Duration latency) {
    calls.add(method + " " + outcome.label());
  }

  @Override
  public void circuitState(Circuit state) {
    states.add(state);
  }

  @Override
  public void retry(String method) {
    retries.add(method);
  }

  long count(String methodAndOutcome) {
    return calls.stream().filter(methodAndOutcome::equals).count();
  }
}
