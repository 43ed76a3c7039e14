package org.slapos.instancenode.cdn;

import static org.slapos.instancenode.desired.ParameterHosts.CUSTOM_DOMAIN;
import static org.slapos.instancenode.desired.ParameterHosts.SERVER_ALIAS;

import java.util.ArrayList;
import java.util.List;
import org.slapos.instancenode.desired.ParameterHosts;

/**
 * {@code custom_domain} and every {@code server-alias} are valid host names ({@link HostNames}),
 * and aliases come with a {@code custom_domain} whose registrable domain they share: the DNS
 * challenge proves control of {@code custom_domain} only, and that proof extends to names of the
 * same owner, never to a neighbour under the same public suffix. Every failing name is reported.
 */
final class HostNameCheck implements Check {
  private final HostNames hostNames;

  HostNameCheck(HostNames hostNames) {
    this.hostNames = hostNames;
  }

  @Override
  public List<CheckFailure> check(EntrySnapshot entry) {
    List<CheckFailure> failures = new ArrayList<>();
    String domainText = entry.text(CUSTOM_DOMAIN);
    HostName domain = null;
    if (domainText != null && !domainText.isBlank()) {
      domain = parse(CUSTOM_DOMAIN, domainText, false, failures);
    }
    List<String> aliases = ParameterHosts.aliases(entry.text(SERVER_ALIAS));
    if (!aliases.isEmpty() && (domainText == null || domainText.isBlank())) {
      failures.add(
          CheckFailure.of(
              Reason.ALIAS_WITHOUT_DOMAIN,
              SERVER_ALIAS
                  + " is set but "
                  + CUSTOM_DOMAIN
                  + " is not: aliases must be under the domain of "
                  + CUSTOM_DOMAIN
                  + "; set it, or remove "
                  + SERVER_ALIAS));
    }
    for (String text : aliases) {
      HostName alias = parse(SERVER_ALIAS, text, true, failures);
      if (alias != null && domain != null && !alias.sameRegistrableDomain(domain)) {
        failures.add(
            CheckFailure.of(
                Reason.ALIAS_FOREIGN_DOMAIN,
                SERVER_ALIAS
                    + ": "
                    + text
                    + " is not under "
                    + domain.registrableDomain()
                    + ", the registrable domain of "
                    + CUSTOM_DOMAIN
                    + " "
                    + domainText.strip()));
      }
    }
    return failures;
  }

  /** The host name {@code text}, or null after adding why it is not one to {@code failures}. */
  private HostName parse(
      String field, String text, boolean wildcardAllowed, List<CheckFailure> failures) {
    try {
      return hostNames.parse(text, wildcardAllowed);
    } catch (InvalidHostNameException e) {
      failures.add(
          CheckFailure.of(
              Reason.ALIAS_INVALID,
              field + ": '" + text + "' is not a valid host name: " + e.getMessage()));
      return null;
    }
  }
}
