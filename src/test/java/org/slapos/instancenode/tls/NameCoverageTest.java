package org.slapos.instancenode.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slapos.instancenode.testing.tls.TestPki;
import org.slapos.instancenode.testing.tls.TestPki.KeyType;

class NameCoverageTest {

  @ParameterizedTest
  @CsvSource({
    "www.example.com, www.example.com, true",
    "www.example.com, WWW.Example.COM., true",
    "*.example.com, www.example.com, true",
    "*.example.com, example.com, false",
    "*.example.com, a.b.example.com, false",
    "*.example.com, *.example.com, true",
    "www.example.com, *.example.com, false",
    "w*.example.com, www.example.com, false",
    "example.com, www.example.com, false",
    "xn--bcher-kva.example, bücher.example, true",
  })
  void rfc6125Matching(String san, String host, boolean covered) {
    assertEquals(covered, NameCoverage.covers(List.of(san), host));
  }

  @Test
  void everySubjectAltNameCountsAndTheCommonNameDoesNot() {
    TestPki pki = TestPki.create("names CA");
    TestPki.Issued several = pki.server(KeyType.EC, "a.example.com", "*.b.example.com");
    TestPki.Issued none =
        pki.server(
            new TestPki.Spec(
                KeyType.EC,
                java.time.Instant.now(),
                java.time.Instant.now().plusSeconds(60),
                null));

    List<String> names = NameCoverage.dnsNames(several.certificate());
    assertEquals(List.of("a.example.com", "*.b.example.com"), names);
    assertEquals(true, NameCoverage.covers(names, "x.b.example.com"));
    assertEquals(List.of(), NameCoverage.dnsNames(none.certificate()));
    assertEquals(false, NameCoverage.covers(List.of(), "server"));
  }
}
