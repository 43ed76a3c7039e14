package org.slapos.instancenode.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slapos.instancenode.cdn.ChallengePlan;
import org.slapos.instancenode.cdn.Reason;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.desired.ParameterHosts;
import org.slapos.instancenode.dns.DnsLookups;
import org.slapos.instancenode.dns.DnsMetrics;
import org.slapos.instancenode.dns.ServerAnswer;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.schema.JsonInXml;
import org.slapos.instancenode.store.ChallengeSchedule;
import org.slapos.instancenode.store.DomainStore;
import org.slapos.instancenode.store.DomainValidation;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.store.IntegrityCheck;
import org.slapos.instancenode.text.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code challenge REFERENCE}: the DNS challenge of one entry as the domain DB holds it (domain,
 * TXT record, expected value, validated or not) and what each configured name server answers now.
 * It issues no token and changes no row: a token is shown only once the node has stored it.
 */
@Command(
    name = "challenge",
    mixinStandardHelpOptions = true,
    description = {
      "Show the TXT record an entry must publish to prove it controls its custom_domain, whether"
          + " it is validated, and what each configured name server answers now.",
      "Exit 0 when the entry is known, 1 when it is not, 2 for a configuration error."
    })
final class ChallengeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "INI file.")
  Path config;

  @Parameters(paramLabel = "REFERENCE", description = "The entry's reference.")
  String reference;

  @Override
  public Integer call() {
    NodeConfig node = NodeConfig.load(config);
    PrintWriter out = spec.commandLine().getOut();
    Stored stored = stored(node.domainValidationDbPath().orElseThrow());
    Optional<DomainValidation> challenge = stored.challenge();
    Optional<ChallengeSchedule> schedule = stored.schedule();
    Optional<InstanceRow> recorded = recorded(node.requestInstanceDbPath());
    if (challenge.isEmpty() && recorded.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              "error: no entry "
                  + Printable.escape(reference)
                  + " in "
                  + node.requestInstanceDbPath()
                  + " nor in "
                  + node.domainValidationDbPath().orElseThrow());
      return ExitCode.FAILED;
    }
    out.println("entry: " + Printable.escape(reference));
    recorded.ifPresent(row -> out.println("state: " + state(row)));
    Optional<String> asked = recorded.flatMap(ChallengeCommand::customDomain);
    if (challenge.isEmpty() || challenge.get().token().isEmpty()) {
      out.println("custom domain: " + Printable.escape(asked.orElse("none")));
      out.println(
          asked.isEmpty()
              ? "no custom_domain: there is nothing to prove"
              : recorded.filter(ChallengeCommand::schemaInvalid).isPresent()
                  ? "no token issued: the entry has schema errors; fix them first, the challenge"
                      + " comes after (audit --config "
                      + config
                      + " REFERENCE shows them)"
                  : "no token issued yet: run the node first (run --once --config " + config + ")");
      out.flush();
      return ExitCode.OK;
    }
    DomainValidation v = challenge.get();
    String record = ChallengePlan.txtRecord(node.dnsEntryName(), v.domain());
    out.println("custom domain: " + Printable.escape(v.domain()));
    asked
        .filter(domain -> !domain.equals(v.domain()))
        .ifPresent(
            domain ->
                out.println(
                    "the entry now asks for "
                        + Printable.escape(domain)
                        + ": run the node for the token of that domain"));
    out.println("TXT record: " + Printable.escape(record));
    out.println("TXT value: " + v.token());
    out.println("validated: " + (v.validated() ? "yes" : "no"));
    schedule.ifPresent(
        s ->
            out.println(
                "next check: "
                    + (s.attempts() == 0 ? "at the next run" : s.nextCheck().toString())
                    + " ("
                    + s.attempts()
                    + " lookups so far; `recheck` makes it due now)"));
    out.println("DNS now:");
    DnsLookups dns = DnsLookups.eachResolver(node, DnsMetrics.NONE);
    for (ServerAnswer answer : dns.txtNow(record).answers()) {
      out.println(
          "  "
              + answer.server()
              + ": "
              + Printable.escape(TxtAnswerText.describe(answer.answer(), v.token())));
    }
    out.flush();
    return ExitCode.OK;
  }

  /** The entry's rows in the domain DB. */
  private record Stored(
      Optional<DomainValidation> challenge, Optional<ChallengeSchedule> schedule) {}

  private Stored stored(Path domainDb) {
    if (!Files.exists(domainDb)) {
      return new Stored(Optional.empty(), Optional.empty());
    }
    try (DomainStore store = DomainStore.open(domainDb, IntegrityCheck.QUICK)) {
      return new Stored(store.find(reference), store.schedules().find(reference));
    }
  }

  private Optional<InstanceRow> recorded(Path requestDb) {
    if (!Files.exists(requestDb)) {
      return Optional.empty();
    }
    try (InstanceStore store = InstanceStore.openRequestDb(requestDb, IntegrityCheck.QUICK)) {
      return store.find(reference);
    }
  }

  private static boolean schemaInvalid(InstanceRow row) {
    try {
      return Reason.SCHEMA.equals(Json.MAPPER.readTree(row.jsonError()).path("reason").asText());
    } catch (IOException e) {
      return false;
    }
  }

  private static String state(InstanceRow row) {
    try {
      String reason = Json.MAPPER.readTree(row.jsonError()).path("reason").asText();
      return reason.isEmpty() ? row.validParameter() : row.validParameter() + " (" + reason + ")";
    } catch (IOException e) {
      return row.validParameter();
    }
  }

  /** The {@code custom_domain} the recorded parameters ask for, normalised. */
  private static Optional<String> customDomain(InstanceRow row) {
    JsonNode domain = JsonInXml.parameters(row.jsonParameters()).get(ParameterHosts.CUSTOM_DOMAIN);
    return domain != null && domain.isTextual() && !domain.textValue().isBlank()
        ? Optional.of(ParameterHosts.normalise(domain.textValue()))
        : Optional.empty();
  }
}
