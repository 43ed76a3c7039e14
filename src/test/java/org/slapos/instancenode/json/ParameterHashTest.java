package org.slapos.instancenode.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ParameterHashTest {
  @Test
  void hashIsLowercaseHexSha256OfPythonDumps() throws IOException {
    JsonNode params =
        Json.MAPPER.readTree(
            "{\"url\": \"https://backend.example.com\", \"custom_domain\": \"www.example.com\","
                + " \"server-alias\": \"shop.example.com\"}");

    // hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()
    assertEquals(
        "2afa9a1c38643d286d1ffa3777080da4f731102aa35d3a1f213fad51a4c2cd8d",
        ParameterHash.of(params));
  }

  @Test
  void hashDoesNotDependOnKeyOrderOrWhitespace() throws IOException {
    assertEquals(
        ParameterHash.of(Json.MAPPER.readTree("{\"a\":1,\"b\":[true,null]}")),
        ParameterHash.of(Json.MAPPER.readTree("{ \"b\" : [ true , null ] , \"a\" : 1 }")));
  }

  @Test
  void repeatedHashesOnOneThreadAreIndependent() throws IOException {
    JsonNode first = Json.MAPPER.readTree("{\"a\": 1}");
    String expected = ParameterHash.of(first);
    ParameterHash.of(Json.MAPPER.readTree("{\"b\": 2}"));

    assertEquals(expected, ParameterHash.of(first));
  }
}
