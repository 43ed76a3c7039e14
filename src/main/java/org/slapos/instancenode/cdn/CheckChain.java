package org.slapos.instancenode.cdn;

import java.util.ArrayList;
import java.util.List;
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

  /** The chain of the {@code cdn} kind, host names under the Public Suffix List only. */
  public static CheckChain cdn() {
    return cdn(HostNames.PUBLIC_ONLY);
  }

  /** The chain of the {@code cdn} kind, host names checked by {@code hostNames}. */
  public static CheckChain cdn(HostNames hostNames) {
    return new CheckChain(
        List.of(
            new SchemaCheck(),
            new HostNameCheck(hostNames),
            new HostConflictCheck(),
            new NetlocCheck(),
            new CipherCheck(CipherList.rapidCdn())));
  }

  public List<CheckFailure> run(EntrySnapshot entry) {
    List<CheckFailure> failures = new ArrayList<>();
    for (Check check : checks) {
      failures.addAll(check.check(entry));
    }
    return failures;
  }
}
