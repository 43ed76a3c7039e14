package org.slapos.instancenode.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slapos.instancenode.desired.DesiredEntry;
import org.slapos.instancenode.desired.FileSource;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.schema.SchemaError;
import org.slapos.instancenode.schema.SchemaSource;
import org.slapos.instancenode.schema.SchemaValidation;
import org.slapos.instancenode.schema.SharedInstanceSchema;
import org.slapos.instancenode.text.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Offline check of an exported entry list against a schema; touches no database. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check the entries of a JSON file (shaped like the master's instance_node_instance_list"
          + " result) against a shared-instance JSON Schema, offline.",
      "Exit 0 when the file could be checked, whatever the entries' validity."
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--schema",
      required = true,
      paramLabel = "FILE",
      description = "The shared-instance schema, or software.cfg.json with --software-type.")
  Path schemaFile;

  @Option(
      names = "--software-type",
      paramLabel = "TYPE",
      description = "Read --schema as a software release description and use this shared type.")
  String softwareType;

  @Option(names = "--unstringify", description = "Accept integers and booleans given as strings.")
  boolean unstringify;

  @Option(names = "--json", description = "Print a JSON report instead of a table.")
  boolean json;

  @Parameters(paramLabel = "ENTRIES.json", description = "The entries to check.")
  Path entriesFile;

  @Override
  public Integer call() throws Exception {
    SharedInstanceSchema schema =
        (softwareType == null
                ? SchemaSource.ofSchemaFile(schemaFile, "--schema")
                : SchemaSource.ofSoftwareDescription(schemaFile, softwareType, "--schema"))
            .compile();
    List<DesiredEntry> entries = new FileSource(entriesFile).read().entries();
    List<Checked> checked =
        entries.stream()
            .map(
                e ->
                    new Checked(
                        e, destroyed(e) ? null : schema.validate(e.parameters(), unstringify)))
            .toList();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report(checked)));
    } else {
      printTable(out, checked);
    }
    out.flush();
    return ExitCode.OK;
  }

  private record Checked(DesiredEntry entry, SchemaValidation validation) {
    String status() {
      if (validation == null) {
        return DesiredEntry.DESTROYED;
      }
      return validation.valid() ? "valid" : "invalid";
    }

    List<SchemaError> errors() {
      return validation == null ? List.of() : validation.errors();
    }
  }

  private static boolean destroyed(DesiredEntry entry) {
    return DesiredEntry.DESTROYED.equals(entry.state());
  }

  private static ObjectNode report(List<Checked> checked) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ArrayNode list = root.putArray("entries");
    for (Checked c : checked) {
      ObjectNode item = list.addObject();
      item.put("reference", c.entry().reference());
      item.put("title", c.entry().title());
      item.put("status", c.status());
      ArrayNode errors = item.putArray("errors");
      for (SchemaError e : c.errors()) {
        errors.addObject().put("path", e.path()).put("message", e.message());
      }
    }
    root.set("counts", counts(checked));
    return root;
  }

  private static ObjectNode counts(List<Checked> checked) {
    ObjectNode counts = Json.MAPPER.createObjectNode();
    for (String status : List.of("valid", "invalid", DesiredEntry.DESTROYED)) {
      counts.put(status, checked.stream().filter(c -> c.status().equals(status)).count());
    }
    return counts;
  }

  private static void printTable(PrintWriter out, List<Checked> checked) {
    int width = "REFERENCE".length();
    for (Checked c : checked) {
      width = Math.max(width, Printable.escape(c.entry().reference()).length());
    }
    String format = "%-" + width + "s  %-9s  %s%n";
    out.printf(format, "REFERENCE", "STATUS", "ERRORS");
    for (Checked c : checked) {
      List<SchemaError> errors = c.errors();
      out.printf(
          format,
          Printable.escape(c.entry().reference()),
          c.status(),
          errors.isEmpty() ? "" : Printable.escape(errors.get(0).toString()));
      for (SchemaError e : errors.subList(Math.min(1, errors.size()), errors.size())) {
        out.printf(format, "", "", Printable.escape(e.toString()));
      }
    }
    ObjectNode counts = counts(checked);
    out.printf(
        "%d valid, %d invalid, %d destroyed%n",
        counts.get("valid").asInt(),
        counts.get("invalid").asInt(),
        counts.get(DesiredEntry.DESTROYED).asInt());
  }
}
