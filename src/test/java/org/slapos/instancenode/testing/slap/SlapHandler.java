package org.slapos.instancenode.testing.slap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slapos.instancenode.master.SlapXml;
import org.slapos.instancenode.testing.master.Disruptions;
import org.slapos.instancenode.testing.master.Fault;

/**
 * One call to the fake SLAP master: records it, checks it against the protocol, applies the
 * injected faults and answers it. Runs on many threads at once.
 */
final class SlapHandler implements HttpHandler {
  private final String prefix;
  private final String computerId;
  private final String partitionId;
  private final SlapState state;
  private final Disruptions disruptions;
  private final List<SlapCall> calls = new CopyOnWriteArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final AtomicBoolean requestsNotReady = new AtomicBoolean();
  private final Clock clock = Clock.systemUTC();

  SlapHandler(
      String prefix,
      String computerId,
      String partitionId,
      SlapState state,
      Disruptions disruptions) {
    this.prefix = prefix;
    this.computerId = computerId;
    this.partitionId = partitionId;
    this.state = state;
    this.disruptions = disruptions;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String call = path.startsWith(prefix) ? path.substring(prefix.length()) : path;
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      List<String> errors = new ArrayList<>();
      Map<String, String> form = form(body, errors);
      SlapCall recorded = new SlapCall(call, form, clock.instant());
      calls.add(recorded);
      int refusal = refusal(exchange, call, form, errors);
      errors.forEach(e -> violations.add(call + ": " + e));
      Optional<Fault> fault = disruptions.before(call);
      if (fault.isPresent()) {
        switch (fault.get().kind()) {
          case FAIL -> send(exchange, recorded, fault.get().status(), "injected " + call);
          case MALFORMED -> send(exchange, recorded, 200, "<marshal><dictionary id=\"i2\">");
          case RESET, HANG -> {
            // Closing an exchange before its headers are sent closes the connection itself.
          }
        }
        return;
      }
      if (refusal != 0) {
        send(exchange, recorded, refusal, "refused: " + String.join("; ", errors));
        return;
      }
      answer(exchange, recorded, call, form);
    }
  }

  private int refusal(
      HttpExchange exchange, String call, Map<String, String> form, List<String> errors) {
    if (!SlapProtocol.knows(call)) {
      errors.add("no such call");
      return 404;
    }
    if (!exchange.getRequestMethod().equals("POST")) {
      errors.add("method " + exchange.getRequestMethod() + ", not POST");
      return 405;
    }
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.split(";")[0].strip().equals(SlapProtocol.CONTENT_TYPE)) {
      errors.add("Content-Type " + type + ", not " + SlapProtocol.CONTENT_TYPE);
      return 415;
    }
    errors.addAll(SlapProtocol.check(call, form, computerId, partitionId));
    return errors.isEmpty() ? 0 : 400;
  }

  @SuppressWarnings("unchecked")
  private void answer(HttpExchange exchange, SlapCall recorded, String call, Map<String, String> f)
      throws IOException {
    List<String> errors = new ArrayList<>();
    switch (call) {
      case SlapProtocol.BANG -> {
        state.bang(f.get("message"));
        send(exchange, recorded, 200, "OK");
      }
      case SlapProtocol.ERROR -> {
        state.error(f.get("slave_reference"), f.get("error_log"));
        send(exchange, recorded, 200, "Ignored");
      }
      case SlapProtocol.CONNECTION -> {
        Map<String, Object> parameters =
            (Map<String, Object>) SlapProtocol.marshalled(f, "connection_xml", Map.class, errors);
        parameters.forEach(
            (k, v) -> {
              if (!(v instanceof String)) {
                violations.add(call + ": connection parameter " + k + " is not a string: " + v);
              }
            });
        state.connection(f.get("slave_reference"), parameters);
        send(exchange, recorded, 200, "done");
      }
      case SlapProtocol.REQUEST -> {
        SlapRequest request =
            new SlapRequest(
                f.get("partition_reference"),
                f.get("software_release"),
                f.get("software_type"),
                (Boolean) SlapProtocol.marshalled(f, "shared_xml", Boolean.class, errors),
                (Map<String, Object>)
                    SlapProtocol.marshalled(f, "partition_parameter_xml", Map.class, errors),
                (Map<String, Object>) SlapProtocol.marshalled(f, "filter_xml", Map.class, errors),
                (String) SlapProtocol.marshalled(f, "state", String.class, errors));
        var instance = state.request(request, computerId, partitionId);
        if (requestsNotReady.get()) {
          send(exchange, recorded, 408, "");
        } else {
          send(exchange, recorded, 200, SlapXml.dumps(instance));
        }
      }
      default -> throw new IllegalStateException("unchecked call " + call);
    }
  }

  private static Map<String, String> form(String body, List<String> errors) {
    Map<String, String> form = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return form;
    }
    for (String pair : body.split("&", -1)) {
      int equals = pair.indexOf('=');
      if (equals < 0) {
        errors.add("form pair without '=': " + pair);
        continue;
      }
      String name = URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      if (form.put(name, value) != null) {
        errors.add("field " + name + " given twice");
      }
    }
    return form;
  }

  private static void send(HttpExchange exchange, SlapCall call, int status, String text)
      throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
    call.answered(status);
  }

  void requestsNotReady(boolean notReady) {
    requestsNotReady.set(notReady);
  }

  List<SlapCall> calls() {
    return List.copyOf(calls);
  }

  List<String> violations() {
    return List.copyOf(violations);
  }
}
