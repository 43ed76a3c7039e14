package org.slapos.instancenode.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slapos.instancenode.cdn.Snapshots.entry;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.tls.CipherList;

class CipherCheckTest {
  private final CipherCheck check = new CipherCheck(CipherList.rapidCdn());

  @Test
  void supportedCiphersPass() {
    assertEquals(
        List.of(),
        check.check(entry("ciphers", " ECDHE-RSA-AES256-GCM-SHA384  AES128-SHA\nDES-CBC3-SHA ")));
    assertEquals(List.of(), check.check(entry("ciphers", "")));
    assertEquals(List.of(), check.check(entry()));
  }

  @Test
  void aTranslatedCipherIsAWarningNamingWhatItBecomes() {
    List<CheckFailure> findings = check.check(entry("ciphers", "AES128-SHA RSA-AES256-CBC-SHA"));

    assertEquals(
        List.of(
            CheckFailure.warning(
                Reason.CIPHER_UNSUPPORTED,
                "ciphers: cipher RSA-AES256-CBC-SHA is translated to AES256-SHA")),
        findings);
    assertEquals(Verdict.valid().state(), Verdict.of(findings).state());
  }

  @Test
  void everyUnknownCipherIsRejectedByName() {
    List<CheckFailure> findings =
        check.check(entry("ciphers", "NOT-A-CIPHER AES128-SHA RC4-MD5 ECDHE-RSA-AES128-CBC-SHA"));

    assertEquals(3, findings.size());
    assertTrue(
        findings
            .get(0)
            .message()
            .startsWith(
                "ciphers: cipher NOT-A-CIPHER is not supported; use names from: ECDHE-ECDSA-AES256-GCM-SHA384 "));
    assertTrue(findings.get(1).message().startsWith("ciphers: cipher RC4-MD5 is not supported"));
    assertEquals(
        List.of(false, false, true), findings.stream().map(CheckFailure::warning).toList());
    Verdict verdict = Verdict.of(findings);
    assertEquals(Reason.CIPHER_UNSUPPORTED, verdict.reason());
    assertEquals(
        List.of("ciphers: cipher ECDHE-RSA-AES128-CBC-SHA is translated to ECDHE-RSA-AES128-SHA"),
        verdict.warnings());
  }
}
