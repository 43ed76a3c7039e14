package org.slapos.instancenode.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.engine.RunOnce;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.testing.NodeDir;
import org.slapos.instancenode.testing.PythonInstanceDb;
import org.slapos.instancenode.testing.RecordedEntries;
import org.slapos.instancenode.testing.tls.TestPki;

/**
 * Drop-in: an instance DB written as slapconfiguration writes it, whose Rapid.CDN entries carry
 * their parameters as the master sends them (every value a string, the whole inside the {@code _}
 * JSON-in-string wrapper), with certificates, ciphers and backend netlocs; {@code run --once}
 * records the good entry valid and lists every problem of the bad one.
 */
class CertificateDropInIT {
  @TempDir Path dir;

  /** Parameters as the master sends a shared instance's: {@code {"_": "<JSON text>"}}. */
  private static ObjectNode wrapped(ObjectNode parameters) {
    return Json.MAPPER.createObjectNode().put("_", parameters.toString());
  }

  @Test
  void wrappedStringParametersAreCheckedEndToEnd() throws Exception {
    NodeDir node = new NodeDir(dir);
    PythonInstanceDb slapos = PythonInstanceDb.create(node.instanceDb());
    node.writeConfig("desired-state = instance-db", "kind = cdn", "workers = 2");
    TestPki ca = TestPki.create("drop-in CA");
    Instant now = Instant.now();
    TestPki.Issued good =
        ca.server(
            TestPki.Spec.of(TestPki.KeyType.RSA, "good.example.com")
                .validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365))));
    TestPki.Issued other = ca.server(TestPki.KeyType.EC, "other.example.com");
    TestPki.Issued stranger = ca.server(TestPki.KeyType.EC, "other.example.com");

    ObjectNode goodParameters =
        Json.MAPPER
            .createObjectNode()
            .put("url", "https://backend.example.net:8443")
            .put("custom_domain", "good.example.com")
            .put("ssl_crt", good.certificatePem())
            .put("ssl_key", good.keyPem(TestPki.KeyFormat.TRADITIONAL))
            .put("ssl_ca_crt", ca.certificatePem())
            .put("ciphers", "ECDHE-RSA-AES256-GCM-SHA384 ECDHE-ECDSA-AES128-GCM-SHA256")
            .put("url-netloc-list", "backend1.example.net:443 [2001:db8::1]:8443")
            .put("ssl-proxy-verify", "true")
            .put("ssl_proxy_ca_crt", ca.certificatePem());
    ObjectNode badParameters =
        Json.MAPPER
            .createObjectNode()
            .put("url", "https://backend.example.net:8443")
            .put("custom_domain", "bad.example.com")
            .put("ssl_crt", other.certificatePem())
            .put("ssl_key", stranger.keyPem(TestPki.KeyFormat.PKCS8))
            .put("ciphers", "NOT-A-CIPHER")
            .put("url-netloc-list", "not a netloc")
            .put("ssl_proxy_ca_crt", "garbage");
    slapos
        .change()
        .valid("GOOD", wrapped(goodParameters))
        .valid("BAD", wrapped(badParameters))
        .commit();

    RunOnce.run(NodeConfig.load(node.config()), Optional.empty(), message -> {}, Clock.systemUTC());

    try (RecordedEntries recorded = RecordedEntries.open(node)) {
      assertEquals(InstanceRow.VALID, recorded.row("GOOD").validParameter());
      assertEquals("{}", recorded.row("GOOD").jsonError());
      assertEquals(InstanceRow.INVALID, recorded.row("BAD").validParameter());
      JsonNode error = recorded.jsonError("BAD");
      List<String> errors = new ArrayList<>();
      error.path("errors").forEach(item -> errors.add(item.asText()));
      String all = String.join("\n", errors);
      for (String expected :
          List.of(
              "url-netloc-list: 'not' is not host:port",
              "ciphers: cipher NOT-A-CIPHER",
              "ssl_proxy_ca_crt",
              "ssl_key",
              "bad.example.com")) {
        assertTrue(all.contains(expected), expected + " in " + error);
      }
      assertEquals(7, errors.size(), error.toString());
      assertEquals(Reason.NETLOC_INVALID, error.path("reason").asText());
      assertTrue(
          error.path("warnings").path(0).asText().startsWith("ssl_crt expires on "),
          "a warning is kept on an invalid row too: " + error);
    }
  }
}
