package org.slapos.instancenode.cdn;

import java.util.ArrayList;
import java.util.List;

/**
 * No host name may be served for two entries: a host another entry already holds is refused to the
 * later claimant, which must choose another name or ask the holder to release it.
 */
final class HostConflictCheck implements Check {

  @Override
  public List<CheckFailure> check(EntrySnapshot entry) {
    List<CheckFailure> failures = new ArrayList<>();
    for (String host : entry.hosts()) {
      String owner = entry.hostOwners().get(host);
      if (owner != null) {
        failures.add(
            CheckFailure.of(
                Reason.ALIAS_CONFLICT,
                "host name "
                    + host
                    + " (custom_domain or server-alias) is already used by another entry;"
                    + " remove it from this entry, or contact support if it is yours"));
      }
    }
    return failures;
  }
}
