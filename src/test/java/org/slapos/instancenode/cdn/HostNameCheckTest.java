package org.slapos.instancenode.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.store.InstanceRow;

class HostNameCheckTest {
  private final HostNameCheck check = new HostNameCheck(HostNames.PUBLIC_ONLY);

  private static EntrySnapshot entry(String parametersJson) throws Exception {
    ObjectNode parameters = (ObjectNode) Json.MAPPER.readTree(parametersJson);
    InstanceRow row = new InstanceRow("ref", parametersJson, "{}", "h", "1", InstanceRow.VALID);
    return new EntrySnapshot(row, parameters, List.of(), Map.of(), Instant.EPOCH);
  }

  private static EntrySnapshot entry(String domain, String aliases) throws Exception {
    ObjectNode parameters = Json.MAPPER.createObjectNode();
    if (domain != null) {
      parameters.put("custom_domain", domain);
    }
    if (aliases != null) {
      parameters.put("server-alias", aliases);
    }
    return entry(Json.MAPPER.writeValueAsString(parameters));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"custom_domain\": \"www.example.co.uk\"}",
        "{\"custom_domain\": \"www.example.co.uk\", \"server-alias\": \"\"}",
        "{\"custom_domain\": \"www.example.co.uk\","
            + " \"server-alias\": \"shop.example.co.uk  example.co.uk\\n*.example.co.uk\"}",
        "{\"custom_domain\": \"Example.COM.\", \"server-alias\": \"WWW.example.com\"}",
        "{\"server-alias\": \"   \"}",
      })
  void validHostNamesPass(String parameters) throws Exception {
    assertEquals(List.of(), check.check(entry(parameters)));
  }

  @Test
  void aliasesWithoutCustomDomainAreRejected() throws Exception {
    assertEquals(
        List.of(
            CheckFailure.of(
                Reason.ALIAS_WITHOUT_DOMAIN,
                "server-alias is set but custom_domain is not: aliases must be under the domain"
                    + " of custom_domain; set it, or remove server-alias")),
        check.check(entry(null, "www.example.com")));
  }

  @Test
  void everyInvalidNameIsReportedWithItsFieldAndWhy() throws Exception {
    assertEquals(
        List.of(
            CheckFailure.of(
                Reason.ALIAS_INVALID,
                "custom_domain: '*.example.com' is not a valid host name: a leading '*.' is"
                    + " allowed only in server-alias"),
            CheckFailure.of(
                Reason.ALIAS_INVALID,
                "server-alias: 'exa_mple.com' is not a valid host name: label 'exa_mple' has"
                    + " '_'; only letters, digits and '-' are allowed"),
            CheckFailure.of(
                Reason.ALIAS_INVALID,
                "server-alias: '192.0.2.1' is not a valid host name: it is an IP address; give a"
                    + " host name")),
        check.check(entry("*.example.com", "exa_mple.com www.example.com 192.0.2.1")));
  }

  @Test
  void everyAliasOutsideTheRegistrableDomainIsReported() throws Exception {
    assertEquals(
        List.of(
            CheckFailure.of(
                Reason.ALIAS_FOREIGN_DOMAIN,
                "server-alias: shop.other.co.uk is not under example.co.uk, the registrable"
                    + " domain of custom_domain www.example.co.uk"),
            CheckFailure.of(
                Reason.ALIAS_FOREIGN_DOMAIN,
                "server-alias: *.example.com is not under example.co.uk, the registrable domain"
                    + " of custom_domain www.example.co.uk")),
        check.check(
            entry("www.example.co.uk", "shop.other.co.uk shop.example.co.uk *.example.com")));
  }

  @Test
  void anAliasThatIsAPublicSuffixIsInvalidNotForeign() throws Exception {
    assertEquals(
        List.of(
            CheckFailure.of(
                Reason.ALIAS_INVALID,
                "server-alias: 'co.uk' is not a valid host name: it is a public suffix (Public"
                    + " Suffix List), under which anyone can register names; give a name under a"
                    + " domain of yours")),
        check.check(entry("example.co.uk", "co.uk")));
  }

  @Test
  void aliasesOfAnInvalidCustomDomainAreStillCheckedForValidity() throws Exception {
    List<CheckFailure> failures = check.check(entry("co.uk", "www.example.co.uk bad_name.co.uk"));

    assertEquals(
        List.of(Reason.ALIAS_INVALID, Reason.ALIAS_INVALID),
        failures.stream().map(CheckFailure::reason).toList());
  }

  @Test
  void aNonStringServerAliasIsLeftToTheSchema() throws Exception {
    assertEquals(
        List.of(),
        check.check(
            entry("{\"custom_domain\": \"example.com\", \"server-alias\": [\"bad_name\"]}")));
  }

  @Test
  void aliasesUnderAPrivateSuffixShareTheLabelUnderIt() throws Exception {
    HostNameCheck privateCheck = new HostNameCheck(HostNames.withPrivateSuffixes(List.of("lan")));

    assertEquals(List.of(), privateCheck.check(entry("shop.acme.lan", "www.acme.lan *.acme.lan")));
    List<CheckFailure> foreign = privateCheck.check(entry("shop.acme.lan", "shop.other.lan"));
    assertEquals(
        List.of(Reason.ALIAS_FOREIGN_DOMAIN), foreign.stream().map(CheckFailure::reason).toList());
    assertEquals(
        List.of(Reason.ALIAS_INVALID),
        check.check(entry("shop.acme.lan", null)).stream().map(CheckFailure::reason).toList(),
        "refused without private-suffixes");
  }
}
