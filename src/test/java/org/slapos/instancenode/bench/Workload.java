package org.slapos.instancenode.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.slapos.instancenode.json.Json;

/**
 * Writes a synthetic but realistic desired-state file for {@code hack/bench.sh}: usage {@code
 * Workload N OUT.json [CHANGED_PERCENT]}. The same N gives the same entries; CHANGED_PERCENT
 * changes a parameter of that share of them, as users editing their entries would.
 */
public final class Workload {
  private static final String[] TYPES = {"", "zope", "redirect", "websocket"};

  public static void main(String[] args) throws IOException {
    int count = Integer.parseInt(args[0]);
    Path out = Path.of(args[1]);
    double changed = args.length > 2 ? Double.parseDouble(args[2]) / 100 : 0;
    Random random = new Random(42);
    Random change = new Random(7);
    try (JsonGenerator json =
        Json.MAPPER.getFactory().createGenerator(out.toFile(), JsonEncoding.UTF8)) {
      json.writeStartObject();
      json.writeArrayFieldStart("result_list");
      for (int i = 0; i < count; i++) {
        boolean edited = change.nextDouble() < changed;
        json.writeStartObject();
        json.writeStringField("title", "Entry " + i);
        json.writeStringField("instance_guid", String.format("SHARED-%07d", i));
        json.writeStringField("software_type", "default");
        json.writeStringField("state", "started");
        json.writeObjectFieldStart("parameters");
        json.writeStringField("_", parameters(i, random, edited));
        json.writeEndObject();
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
  }

  static String parameters(int i, Random random, boolean edited) throws IOException {
    var p = Json.MAPPER.createObjectNode();
    String domain = "site" + i + ".example" + (i % 50) + ".com";
    p.put("url", "https://backend" + (i % 997) + ".internal.example.net:" + (8000 + i % 1000));
    if (random.nextInt(10) < 7) {
      p.put("custom_domain", domain);
      if (random.nextBoolean()) {
        p.put("server-alias", "www." + domain + " static." + domain);
      }
    }
    p.put("type", TYPES[random.nextInt(TYPES.length)]);
    p.put("https-only", random.nextBoolean() ? "true" : "false");
    p.put("enable_cache", random.nextBoolean() ? "true" : "false");
    if (random.nextInt(4) == 0) {
      p.put("request-timeout", 30 + random.nextInt(600));
    }
    if (random.nextInt(20) == 0) {
      p.put("virtualhostroot-http-port", 70000); // out of range: a schema error
    }
    if (random.nextInt(25) == 0) {
      p.put("https-only", "sometimes"); // not a boolean: a schema error
    }
    if (edited) {
      p.put("path", "/edited");
    }
    return Json.MAPPER.writeValueAsString(p);
  }

  private Workload() {}
}
