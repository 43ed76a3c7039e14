package org.slapos.instancenode.cdn;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slapos.instancenode.tls.CipherList;

/**
 * The pre-deploy checks in order. Every check runs, so the user learns of every problem at once;
 * {@link Verdict#invalid} puts the failures in {@link Reason#ORDER}.
 */
public final class CheckChain {
  private final List<Check> checks;

  public CheckChain(List<Check> checks) {
    this.checks = List.copyOf(checks);
  }

  /**
   * The chain of the {@code cdn} kind with its defaults: Public Suffix List, 30-day warning, an
   * untrusted backend certificate a warning.
   */
  public static CheckChain cdn() {
    return cdn(HostNames.PUBLIC_ONLY, Duration.ofDays(30), false);
  }

  /**
   * The chain of the {@code cdn} kind.
   *
   * @param hostNames how host names are checked
   * @param certExpiryWarning {@code cert-expiry-warning}
   * @param enforceBackendProbes {@code backend-probe = enforce}: a backend certificate the CDN
   *     would refuse makes the entry invalid, not only warned
   */
  public static CheckChain cdn(
      HostNames hostNames, Duration certExpiryWarning, boolean enforceBackendProbes) {
    return new CheckChain(
        List.of(
            new SchemaCheck(),
            new HostNameCheck(hostNames),
            new HostConflictCheck(),
            new NetlocCheck(),
            new CipherCheck(CipherList.rapidCdn()),
            new CertificateCheck(certExpiryWarning),
            new BackendProbeCheck(enforceBackendProbes)));
  }

  public List<CheckFailure> run(EntrySnapshot entry) {
    List<CheckFailure> failures = new ArrayList<>();
    for (Check check : checks) {
      failures.addAll(check.check(entry));
    }
    return failures;
  }

  /** The earliest {@link Check#changesAt} of the chain's checks. */
  public Optional<Instant> changesAt(EntrySnapshot entry) {
    Optional<Instant> earliest = Optional.empty();
    for (Check check : checks) {
      Optional<Instant> at = check.changesAt(entry);
      if (at.isPresent() && (earliest.isEmpty() || at.get().isBefore(earliest.get()))) {
        earliest = at;
      }
    }
    return earliest;
  }

  /** The first {@link Check#certificateExpiry} the chain's checks know. */
  public Optional<Instant> certificateExpiry(EntrySnapshot entry) {
    return checks.stream()
        .map(check -> check.certificateExpiry(entry))
        .flatMap(Optional::stream)
        .findFirst();
  }
}
