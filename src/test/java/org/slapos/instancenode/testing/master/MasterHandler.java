package org.slapos.instancenode.testing.master;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slapos.instancenode.json.Json;

/**
 * One call to the fake master: records it, checks it against the contract, applies the injected
 * faults, answers it and checks the answer. Runs on many threads at once.
 */
final class MasterHandler implements HttpHandler {
  private final String prefix;
  private final MasterContract contract;
  private final MasterMethods methods;
  private final Disruptions disruptions;
  private final CallLog log;
  private final Clock clock;

  MasterHandler(
      String prefix,
      MasterContract contract,
      MasterMethods methods,
      Disruptions disruptions,
      CallLog log,
      Clock clock) {
    this.prefix = prefix;
    this.contract = contract;
    this.methods = methods;
    this.disruptions = disruptions;
    this.log = log;
    this.clock = clock;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = path.startsWith(prefix) ? path.substring(prefix.length()) : path;
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      JsonNode request = parse(body);
      MasterCall call = log.received(new MasterCall(method, body, request, clock.instant()));
      Optional<Reply> refusal = refusal(exchange, method, request);
      if (!disrupted(exchange, call)) {
        Reply reply = refusal.orElseGet(() -> answer(method, request));
        if (reply.status() == 200) {
          contract
              .checkResponse(method, reply.body())
              .forEach(e -> log.violation("response of " + method + " breaks the contract: " + e));
        }
        send(exchange, call, reply.status(), Json.MAPPER.writeValueAsBytes(reply.body()));
      }
    }
  }

  // A bug of the fake must fail the test as surely as a bad request.
  private Reply answer(String method, JsonNode request) {
    try {
      return methods.answer(method, request);
    } catch (RuntimeException e) {
      log.violation("the fake master failed to answer " + method + ": " + e);
      return Reply.error(500, "fake-master-failure", e.toString());
    }
  }

  /**
   * Why the master refuses this request, as SlapOS's JSON-RPC service does; each is a violation.
   */
  private Optional<Reply> refusal(HttpExchange exchange, String method, JsonNode request) {
    Optional<Reply> refusal = check(exchange, method, request);
    refusal.ifPresent(
        r -> log.violation("request to " + method + ": " + r.body().get("title").asText()));
    return refusal;
  }

  private Optional<Reply> check(HttpExchange exchange, String method, JsonNode request) {
    if (!contract.knows(method) || !MasterMethods.SERVED.contains(method)) {
      return Optional.of(Reply.error(404, "not-found", "no method " + method));
    }
    if (!exchange.getRequestMethod().equals("POST")) {
      return Optional.of(Reply.error(405, "not-allowed-http-method", "Only HTTP POST accepted"));
    }
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null || !contentType.contains("application/json")) {
      return Optional.of(
          Reply.error(
              415,
              "unexpected-media-type",
              "Request Content-Type must be \"application/json\", not \"" + contentType + "\""));
    }
    if (request == null) {
      return Optional.of(Reply.error(400, "not-parsable-json-content", "the body is not JSON"));
    }
    List<String> errors = contract.checkRequest(method, request);
    return errors.isEmpty()
        ? Optional.empty()
        : Optional.of(Reply.error(400, "invalid-json-object-content", String.join("; ", errors)));
  }

  /**
   * Applies the delay and the fault of this call; true when that answered the call, or cut it
   * unanswered.
   */
  private boolean disrupted(HttpExchange exchange, MasterCall call) throws IOException {
    String method = call.method();
    Optional<Fault> fault = disruptions.before(method);
    if (fault.isEmpty()) {
      return false;
    }
    switch (fault.get().kind()) {
      case FAIL -> {
        Reply reply =
            Reply.error(
                fault.get().status(),
                fault.get().type(),
                "fault injected by the fake master for " + method);
        send(exchange, call, reply.status(), Json.MAPPER.writeValueAsBytes(reply.body()));
      }
      case MALFORMED ->
          send(exchange, call, 200, "{\"result_list\": [".getBytes(StandardCharsets.UTF_8));
      case RESET, HANG -> {
        // Closing an exchange before its headers are sent closes the connection itself.
      }
    }
    return true;
  }

  private static void send(HttpExchange exchange, MasterCall call, int status, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    call.answered(status);
  }

  private static JsonNode parse(String body) {
    try {
      return body.isEmpty() ? null : Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
