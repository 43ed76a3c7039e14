package org.slapos.instancenode.cdn;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slapos.instancenode.store.BackendProbes;

/**
 * What the last live probe of the entry's backends saw (observed state, read into the snapshot): a
 * backend certificate the CDN would refuse is {@code backend-certificate-untrusted}, a warning or,
 * when enforced, an error. Only conclusive results count: a backend that could not be probed
 * changes nothing, and a probe of other backends (the parameters changed since) is ignored until
 * the new ones are probed. Pure and thread-safe.
 */
final class BackendProbeCheck implements Check {
  private final boolean enforce;

  /**
   * @param enforce {@code backend-probe = enforce}: an error rather than a warning
   */
  BackendProbeCheck(boolean enforce) {
    this.enforce = enforce;
  }

  @Override
  public List<CheckFailure> check(EntrySnapshot entry) {
    Optional<BackendProbes.Stored> stored = entry.backendProbe();
    if (stored.isEmpty() || stored.get().outcome().isEmpty()) {
      return List.of();
    }
    List<BackendTargets.Target> targets = BackendTargets.of(entry.parameters());
    if (!BackendTargets.digest(targets).equals(Optional.of(stored.get().targets()))) {
      return List.of();
    }
    BackendProbeOutcome outcome = BackendProbeOutcome.parse(stored.get().outcome().get());
    List<CheckFailure> failures = new ArrayList<>();
    for (BackendTargets.Target target : targets) {
      outcome
          .untrusted(target.field())
          .ifPresent(
              seen -> {
                String message =
                    target.field()
                        + " "
                        + target.url()
                        + ": the CDN would refuse the backend's certificate: "
                        + seen;
                failures.add(
                    enforce
                        ? CheckFailure.of(Reason.BACKEND_CERTIFICATE_UNTRUSTED, message)
                        : CheckFailure.warning(Reason.BACKEND_CERTIFICATE_UNTRUSTED, message));
              });
    }
    return failures;
  }
}
