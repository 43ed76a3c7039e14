package org.slapos.instancenode.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slapos.instancenode.store.InstanceRow;

class DesiredResourceTest {
  private static DesiredResource resource(String jsonParameters) {
    return new DesiredResource(
        new InstanceRow("ref", jsonParameters, "{}", "h1", "1700000000", InstanceRow.VALID));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          domain only                   | {"custom_domain": "example.com"}                                        | example.com
          domain then aliases           | {"server-alias": "www.example.com  cdn.example.com", "custom_domain": "example.com"} | example.com,www.example.com,cdn.example.com
          aliases on several lines      | {"custom_domain": "example.com", "server-alias": "\\ta.example.com\\nb.example.com "} | example.com,a.example.com,b.example.com
          case and trailing dot         | {"custom_domain": "Example.COM.", "server-alias": "WWW.example.com."}  | example.com,www.example.com
          wildcard without its star     | {"custom_domain": "example.com", "server-alias": "*.example.com"}      | example.com
          duplicates kept once          | {"custom_domain": "example.com", "server-alias": "a.example.com A.example.com. example.com"} | example.com,a.example.com
          aliases without a domain      | {"server-alias": "a.example.com"}                                       | a.example.com
          blank values                  | {"custom_domain": "", "server-alias": "   "}                           | ''
          no host parameters            | {"url": "https://backend.example.net"}                                  | ''
          other values skipped          | {"ssl_crt": {"nested": ["custom_domain", {"custom_domain": "x.com"}]}, "custom_domain": "example.com"} | example.com
          wrapped parameters            | {"_": "{\\"custom_domain\\": \\"wrapped.example.com\\", \\"server-alias\\": \\"www.wrapped.example.com\\"}"} | wrapped.example.com,www.wrapped.example.com
          underscore beside others      | {"_": "{\\"custom_domain\\": \\"a.com\\"}", "custom_domain": "b.com"}   | b.com
          wrapped twice unwrapped once  | {"_": "{\\"_\\": \\"{\\\\\\"custom_domain\\\\\\": \\\\\\"a.com\\\\\\"}\\"}"} | ''
          wrapped bad JSON              | {"_": "{not json"}                                                      | ''
          non-string domain             | {"custom_domain": 5, "server-alias": ["a.example.com"]}                 | ''
          non-string domain, alias kept | {"custom_domain": {"host": "x.com"}, "server-alias": "a.example.com"}   | a.example.com
          later duplicate key wins      | {"custom_domain": "a.com", "custom_domain": null}                       | ''
          not JSON                      | custom_domain=example.com                                               | ''
          truncated JSON                | {"custom_domain": "example.com"                                         | ''
          trailing data                 | {"custom_domain": "example.com"} {}                                     | ''
          an array                      | ["example.com"]                                                         | ''
          a string                      | "example.com"                                                           | ''
          empty text                    | ''                                                                      | ''
          """)
  void hostsComeFromDomainAndAliases(String why, String jsonParameters, String expected) {
    List<String> hosts = expected.isEmpty() ? List.of() : List.of(expected.split(","));

    assertEquals(hosts, resource(jsonParameters).hosts(), why);
  }

  @Test
  void missingParametersClaimNoHosts() {
    assertEquals(List.of(), resource(null).hosts());
  }

  @Test
  void metadataNamesTheReferenceAndTheVersion() {
    DesiredResource resource =
        new DesiredResource(new InstanceRow("SHARED-1", "{}", "{}", "abc", "1", "invalid"));

    ObjectMeta metadata = resource.getMetadata();

    assertEquals("SHARED-1", metadata.getName());
    assertEquals("abc:invalid:1", metadata.getResourceVersion());
    assertEquals("abc:invalid:1", resource.resourceVersion());
  }

  @Test
  void resourceCannotBeChangedThroughItsMetadata() {
    DesiredResource resource = resource("{}");

    resource.getMetadata().setName("other");

    assertEquals("ref", resource.getMetadata().getName());
    assertThrows(UnsupportedOperationException.class, () -> resource.setMetadata(new ObjectMeta()));
    assertThrows(UnsupportedOperationException.class, () -> resource.setApiVersion("v2"));
  }

  @Test
  void textNeverShowsTheParameters() {
    String text = resource("{\"custom_domain\": \"a.com\", \"ssl_key\": \"SECRET\"}").toString();

    assertFalse(text.contains("SECRET"), text);
    assertEquals("DesiredResource[ref h1:valid:1700000000 hosts=[a.com]]", text);
  }
}
