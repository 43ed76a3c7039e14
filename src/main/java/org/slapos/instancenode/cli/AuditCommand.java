package org.slapos.instancenode.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slapos.instancenode.cdn.ChallengePlan;
import org.slapos.instancenode.cdn.WhatToDo;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.desired.ParameterHosts;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.schema.JsonInXml;
import org.slapos.instancenode.store.DomainStore;
import org.slapos.instancenode.store.DomainValidation;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.store.StateEvent;
import org.slapos.instancenode.text.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code audit}: what the node recorded about its entries, read-only from the request and domain
 * DBs; secrets never shown (see {@link Redaction}).
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "One line per recorded entry (reference, state, reason, since, message, what to do); with references,"
          + " each whole record: parameters with secrets redacted, errors and warnings, the DNS"
          + " challenge, the hosts it holds and its events. --json follows"
          + " schemas/audit-report.schema.json. Read-only, safe beside a running node. Exit 0, 1"
          + " when a named reference is not recorded."
    })
final class AuditCommand implements Callable<Integer> {
  private static final int EVENTS_SHOWN = 20;

  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "INI file.")
  Path config;

  @Option(names = "--state", paramLabel = "S", description = "Only entries in state S.")
  String state;

  @Option(names = "--reason", paramLabel = "R", description = "Only entries with reason R.")
  String reason;

  @Option(names = "--domain", paramLabel = "D", description = "Only entries naming or holding D.")
  String domain;

  @Option(names = "--json", description = "Print a JSON report.")
  boolean json;

  @Parameters(paramLabel = "REFERENCE", description = "Entries to show whole.")
  List<String> references = List.of();

  @Override
  public Integer call() {
    NodeConfig node = NodeConfig.load(config);
    Optional<Path> domainDb = node.domainValidationDbPath().filter(Files::exists);
    ArrayNode entries = Json.MAPPER.createArrayNode();
    List<String> missing = new ArrayList<>();
    try (InstanceStore requestDb =
            InstanceStore.openRequestDbReadOnly(node.requestInstanceDbPath());
        DomainStore domains = domainDb.map(DomainStore::openReadOnly).orElse(null)) {
      List<InstanceRow> rows =
          references.isEmpty() ? requestDb.all() : requestDb.findAll(references);
      for (String wanted : references) {
        if (rows.stream().noneMatch(row -> row.reference().equals(wanted))) {
          missing.add(wanted);
        }
      }
      for (InstanceRow row : rows) {
        ObjectNode entry = summary(row);
        Set<String> hosts = domains == null ? Set.of() : domains.hosts(row.reference());
        if (!matches(entry, row, hosts)) {
          continue;
        }
        if (!references.isEmpty()) {
          detail(entry, row, hosts, requestDb, domains, node);
        }
        entries.add(entry);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode report = Json.MAPPER.createObjectNode();
      report.set("entries", entries);
      ArrayNode absent = report.putArray("missing");
      missing.forEach(absent::add);
      out.println(report.toPrettyString());
    } else {
      new AuditText(out).print(entries, !references.isEmpty());
      missing.forEach(ref -> out.println(Printable.escape(ref) + ": not recorded"));
    }
    out.flush();
    return missing.isEmpty() ? ExitCode.OK : ExitCode.FAILED;
  }

  private static ObjectNode summary(InstanceRow row) {
    JsonNode error = errorOf(row);
    Set<String> secrets = Redaction.secretFragments(parameters(row));
    ObjectNode entry = Json.MAPPER.createObjectNode();
    entry.put("reference", row.reference());
    entry.put("state", row.state());
    entry.put("reason", error.path("reason").asText(""));
    entry.put("since", since(row.timestamp()));
    entry.put("message", Redaction.text(error.path("message").asText(""), secrets));
    entry.put("todo", WhatToDo.about(row.state(), entry.path("reason").asText()));
    return entry;
  }

  private boolean matches(ObjectNode entry, InstanceRow row, Set<String> hosts) {
    return (state == null || state.equals(entry.path("state").asText()))
        && (reason == null || reason.equals(entry.path("reason").asText()))
        && (domain == null || hosts.contains(domain) || domain.equals(customDomain(row)));
  }

  private static void detail(
      ObjectNode entry,
      InstanceRow row,
      Set<String> hosts,
      InstanceStore requestDb,
      DomainStore domains,
      NodeConfig node) {
    JsonNode error = errorOf(row);
    JsonNode parameters = parameters(row);
    Set<String> secrets = Redaction.secretFragments(parameters);
    entry.set("parameters", Redaction.of(parameters));
    entry.set("errors", strings(error.path("errors"), secrets));
    entry.set("warnings", strings(error.path("warnings"), secrets));
    Optional<DomainValidation> challenge =
        domains == null ? Optional.empty() : domains.find(row.reference());
    if (challenge.isPresent() && challenge.get().domain() != null) {
      DomainValidation v = challenge.get();
      entry
          .putObject("challenge")
          .put("domain", v.domain())
          .put("record", ChallengePlan.txtRecord(node.dnsEntryName(), v.domain()))
          .put("value", v.token())
          .put("validated", v.validated());
    } else {
      entry.putNull("challenge");
    }
    ArrayNode held = entry.putArray("hosts");
    hosts.stream().sorted().forEach(held::add);
    ArrayNode events = entry.putArray("events");
    List<StateEvent> all = requestDb.events(row.reference());
    for (StateEvent e : all.subList(Math.max(0, all.size() - EVENTS_SHOWN), all.size())) {
      ObjectNode event = events.addObject();
      event.put("at", since(e.at()));
      event.put("from", e.fromState());
      event.put("to", e.toState());
      event.put("reason", e.reason());
      event.put("message", Redaction.text(e.message(), secrets));
    }
  }

  private static JsonNode parameters(InstanceRow row) {
    if (row.jsonParameters() == null) {
      return Json.MAPPER.createObjectNode();
    }
    try {
      return JsonInXml.parameters(row.jsonParameters());
    } catch (RuntimeException e) {
      // Unreadable parameters are shown as nothing rather than as raw text that may hold a key.
      return Json.MAPPER.createObjectNode();
    }
  }

  private static String customDomain(InstanceRow row) {
    JsonNode value = parameters(row).path(ParameterHosts.CUSTOM_DOMAIN);
    return value.isTextual() ? value.asText() : null;
  }

  private static JsonNode errorOf(InstanceRow row) {
    try {
      JsonNode error = Json.MAPPER.readTree(row.jsonError() == null ? "{}" : row.jsonError());
      return error.isObject() ? error : Json.MAPPER.createObjectNode();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return Json.MAPPER.createObjectNode();
    }
  }

  private static ArrayNode strings(JsonNode values, Set<String> secrets) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    values.forEach(
        value ->
            out.add(
                Redaction.text(value.isTextual() ? value.asText() : value.toString(), secrets)));
    return out;
  }

  /** Unix seconds as text, as the tables hold them, as an ISO-8601 instant. */
  private static String since(String unixSeconds) {
    try {
      return Instant.ofEpochSecond((long) Double.parseDouble(unixSeconds)).toString();
    } catch (RuntimeException e) {
      return String.valueOf(unixSeconds);
    }
  }
}
