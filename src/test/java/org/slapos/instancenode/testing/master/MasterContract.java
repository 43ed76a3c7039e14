package org.slapos.instancenode.testing.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slapos.instancenode.json.Json;

/**
 * The SlapOS master's JSON-RPC contract: the request and 200-response JSON Schemas of every method
 * in {@code ../shared/slapos-master-api/json_rpc.json}, compiled once. Thread-safe.
 */
final class MasterContract {
  /** Relative to the project root, where Maven runs the tests. */
  static final Path FILE = Path.of("../shared/slapos-master-api/json_rpc.json");

  private static final class Holder {
    static final MasterContract INSTANCE = load(FILE);
  }

  private record Method(Schema request, Schema response) {}

  private final Map<String, Method> methods;

  private MasterContract(Map<String, Method> methods) {
    this.methods = Map.copyOf(methods);
  }

  /** The contract from {@link #FILE}, loaded on first use. */
  static MasterContract get() {
    return Holder.INSTANCE;
  }

  static MasterContract load(Path file) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the master contract " + file.toAbsolutePath().normalize(), e);
    }
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    Map<String, Method> methods = new HashMap<>();
    root.path("paths")
        .properties()
        .forEach(
            path -> {
              String name = path.getKey().substring(1);
              JsonNode post = path.getValue().path("post");
              methods.put(
                  name,
                  new Method(
                      compile(registry, name, "request", post.path("requestBody")),
                      compile(registry, name, "response", post.path("responses").path("200"))));
            });
    return new MasterContract(methods);
  }

  // Each schema gets a base IRI of its own: two of them declare the same relative $id, which
  // would otherwise clash in the registry.
  private static Schema compile(
      SchemaRegistry registry, String method, String part, JsonNode operation) {
    JsonNode schema = operation.path("content").path("application/json").path("schema");
    if (!schema.isObject()) {
      throw new IllegalStateException("the contract has no " + part + " schema for " + method);
    }
    Schema compiled =
        registry.getSchema(
            SchemaLocation.of("https://fake-master.invalid/" + method + "/" + part + ".json"),
            schema);
    compiled.initializeValidators();
    return compiled;
  }

  boolean knows(String method) {
    return methods.containsKey(method);
  }

  /** What is wrong with a request body of {@code method}; empty when it is valid. */
  List<String> checkRequest(String method, JsonNode body) {
    return check(method(method).request(), body);
  }

  /** What is wrong with a 200 response body of {@code method}; empty when it is valid. */
  List<String> checkResponse(String method, JsonNode body) {
    return check(method(method).response(), body);
  }

  private Method method(String method) {
    return Optional.ofNullable(methods.get(method))
        .orElseThrow(() -> new IllegalArgumentException("the contract has no method " + method));
  }

  private static List<String> check(Schema schema, JsonNode body) {
    return schema.validate(body).stream().map(Error::toString).toList();
  }
}
