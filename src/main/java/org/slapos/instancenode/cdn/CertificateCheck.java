package org.slapos.instancenode.cdn;

import static org.slapos.instancenode.desired.ParameterHosts.CUSTOM_DOMAIN;
import static org.slapos.instancenode.desired.ParameterHosts.SERVER_ALIAS;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;
import org.slapos.instancenode.desired.ParameterHosts;
import org.slapos.instancenode.tls.CertificateFacts;
import org.slapos.instancenode.tls.CertificateInspector;

/**
 * The certificate parameters (see {@link CertificateInspector}), plus what changes with time: a
 * served certificate not yet valid or expired is {@code certificate-expired}, one expiring within
 * {@code cert-expiry-warning} a warning. Parsing happens once per parameter hash: the facts are
 * kept in a bounded cache, so re-checking an unchanged entry (a DNS re-check, the expiry moment)
 * parses nothing. Thread-safe.
 */
final class CertificateCheck implements Check {
  static final int CACHE_SIZE = 10_000;

  private final Duration expiryWarning;
  private final Cache<String, CertificateFacts> facts =
      CacheBuilder.newBuilder().maximumSize(CACHE_SIZE).build();
  private final LongAdder inspections = new LongAdder();

  /**
   * @param expiryWarning {@code cert-expiry-warning}
   */
  CertificateCheck(Duration expiryWarning) {
    this.expiryWarning = expiryWarning;
  }

  @Override
  public List<CheckFailure> check(EntrySnapshot entry) {
    CertificateFacts found = facts(entry);
    List<CheckFailure> failures = new ArrayList<>();
    for (CertificateFacts.Problem problem : found.problems()) {
      failures.add(CheckFailure.of(reason(problem.kind()), problem.message()));
    }
    found.leaf().ifPresent(leaf -> dates(leaf, entry.now(), failures));
    return failures;
  }

  @Override
  public Optional<Instant> changesAt(EntrySnapshot entry) {
    Optional<CertificateFacts.Leaf> leaf = facts(entry).leaf();
    if (leaf.isEmpty()) {
      return Optional.empty();
    }
    Instant now = entry.now();
    Instant warnFrom = leaf.get().notAfter().minus(expiryWarning);
    for (Instant moment : List.of(leaf.get().notBefore(), warnFrom, leaf.get().notAfter())) {
      if (now.isBefore(moment)) {
        return Optional.of(moment);
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<Instant> certificateExpiry(EntrySnapshot entry) {
    return facts(entry).leaf().map(CertificateFacts.Leaf::notAfter);
  }

  /** How many times parameters were parsed: once per hash while it stays cached. */
  long inspections() {
    return inspections.sum();
  }

  private void dates(CertificateFacts.Leaf leaf, Instant now, List<CheckFailure> failures) {
    String window = " (valid from " + leaf.notBefore() + " to " + leaf.notAfter() + ")";
    if (now.isBefore(leaf.notBefore())) {
      failures.add(
          CheckFailure.of(
              Reason.CERTIFICATE_EXPIRED,
              CertificateInspector.SSL_CRT + " is not valid yet" + window));
    } else if (!now.isBefore(leaf.notAfter())) {
      failures.add(
          CheckFailure.of(
              Reason.CERTIFICATE_EXPIRED,
              CertificateInspector.SSL_CRT + " has expired" + window + ": renew it"));
    } else if (!now.isBefore(leaf.notAfter().minus(expiryWarning))) {
      failures.add(
          CheckFailure.warning(
              Reason.CERTIFICATE_EXPIRED,
              CertificateInspector.SSL_CRT
                  + " expires on "
                  + leaf.notAfter()
                  + ", within cert-expiry-warning ("
                  + expiryWarning.toDays()
                  + " days): renew it"));
    }
  }

  private CertificateFacts facts(EntrySnapshot entry) {
    CertificateInspector.Input input =
        new CertificateInspector.Input(
            entry.text(CertificateInspector.SSL_CRT),
            entry.text(CertificateInspector.SSL_KEY),
            entry.text(CertificateInspector.SSL_CA_CRT),
            entry.text(CertificateInspector.SSL_PROXY_CA_CRT),
            entry.text(CertificateInspector.FAILOVER_SSL_PROXY_CA_CRT),
            hosts(entry));
    if (input.isEmpty()) {
      return CertificateFacts.NONE;
    }
    try {
      return facts.get(
          entry.desired().hash(),
          () -> {
            inspections.increment();
            return CertificateInspector.inspect(input);
          });
    } catch (ExecutionException e) {
      throw new IllegalStateException("inspecting certificates failed", e.getCause());
    }
  }

  private static List<String> hosts(EntrySnapshot entry) {
    List<String> hosts = new ArrayList<>();
    String domain = entry.text(CUSTOM_DOMAIN);
    if (domain != null && !domain.isBlank()) {
      hosts.add(domain.strip());
    }
    hosts.addAll(ParameterHosts.aliases(entry.text(SERVER_ALIAS)));
    return hosts;
  }

  private static String reason(CertificateFacts.Kind kind) {
    return switch (kind) {
      case INVALID -> Reason.CERTIFICATE_INVALID;
      case KEY_MISMATCH -> Reason.CERTIFICATE_KEY_MISMATCH;
      case NAME_MISMATCH -> Reason.CERTIFICATE_NAME_MISMATCH;
      case TRIO_INCOMPLETE -> Reason.CERTIFICATE_TRIO_INCOMPLETE;
    };
  }
}
