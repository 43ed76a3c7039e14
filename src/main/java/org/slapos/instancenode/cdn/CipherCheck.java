package org.slapos.instancenode.cdn;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slapos.instancenode.tls.CipherList;

/**
 * Each name of {@code ciphers} (space-separated) is one the CDN supports; a known other spelling is
 * accepted with a warning naming what it becomes, as the CDN translates it; any other name is
 * {@code cipher-unsupported}, since the frontend would refuse the whole list.
 */
final class CipherCheck implements Check {
  static final String FIELD = "ciphers";
  private final CipherList ciphers;

  CipherCheck(CipherList ciphers) {
    this.ciphers = ciphers;
  }

  @Override
  public List<CheckFailure> check(EntrySnapshot entry) {
    String list = entry.text(FIELD);
    if (list == null || list.isBlank()) {
      return List.of();
    }
    List<CheckFailure> findings = new ArrayList<>();
    for (String name : list.strip().split("\\s+")) {
      if (ciphers.supports(name)) {
        continue;
      }
      Optional<String> translated = ciphers.translation(name);
      if (translated.isPresent()) {
        findings.add(
            CheckFailure.warning(
                Reason.CIPHER_UNSUPPORTED,
                FIELD + ": cipher " + name + " is translated to " + translated.get()));
      } else {
        findings.add(
            CheckFailure.of(
                Reason.CIPHER_UNSUPPORTED,
                FIELD
                    + ": cipher "
                    + name
                    + " is not supported; use names from: "
                    + String.join(" ", ciphers.supported())));
      }
    }
    return findings;
  }
}
