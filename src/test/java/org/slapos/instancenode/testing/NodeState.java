package org.slapos.instancenode.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a node recorded in its three SQLite files but the times and the random challenge
 * tokens, read by another process (the sqlite3 tool), one line per row in a stable order, so that
 * the outcomes of two nodes can be compared table by table.
 *
 * @param tables the lines of each table, by a name such as {@code "request DB instance"}
 */
public record NodeState(Map<String, List<String>> tables) {
  private static final int DIFFERENCES_SHOWN = 3;

  /** Reads the files of {@code node}; every file must exist. */
  public static NodeState read(NodeDir node) throws IOException, InterruptedException {
    Map<String, List<String>> tables = new LinkedHashMap<>();
    String instance =
        "SELECT json_array(reference, json_parameters, json_error, hash, valid_parameter) AS line"
            + " FROM instance ORDER BY reference;";
    tables.put("instance DB instance", lines(node.instanceDb(), instance));
    tables.put(
        "instance DB source_digest",
        lines(
            node.instanceDb(),
            "SELECT json_array(reference, digest) AS line FROM source_digest ORDER BY reference;"));
    tables.put(
        "instance DB node_meta",
        lines(
            node.instanceDb(),
            "SELECT json_array(key, value) AS line FROM node_meta ORDER BY key;"));
    tables.put("request DB instance", lines(node.requestDb(), instance));
    tables.put(
        "request DB event",
        lines(
            node.requestDb(),
            "SELECT json_array(reference, from_state, to_state, reason) AS line FROM event"
                + " ORDER BY reference, id;"));
    tables.put(
        "request DB absent",
        lines(node.requestDb(), "SELECT json_array(reference) AS line FROM absent;"));
    tables.put(
        "request DB node_meta bang-owed",
        lines(
            node.requestDb(),
            "SELECT json_array(key, value) AS line FROM node_meta WHERE key = 'bang-owed';"));
    tables.put(
        "domain DB used_hosts",
        lines(
            node.domainDb(),
            "SELECT json_array(host, instance_reference) AS line FROM used_hosts"
                + " ORDER BY host, instance_reference;"));
    tables.put(
        "domain DB domain_validation",
        lines(
            node.domainDb(),
            "SELECT json_array(instance_reference, domain, validated) AS line"
                + " FROM domain_validation ORDER BY instance_reference;"));
    return new NodeState(tables);
  }

  /** The lines of {@code table}. */
  public List<String> table(String name) {
    return tables.get(name);
  }

  /**
   * How this state differs from {@code expected}, table by table: the row counts and the first
   * differing lines; empty when they are the same.
   */
  public List<String> differencesFrom(NodeState expected) {
    List<String> differences = new ArrayList<>();
    expected.tables.forEach(
        (name, want) -> {
          List<String> got = tables.get(name);
          if (want.equals(got)) {
            return;
          }
          StringBuilder text =
              new StringBuilder(name + ": " + got.size() + " rows, expected " + want.size());
          int shown = 0;
          for (int i = 0; i < Math.max(want.size(), got.size()) && shown < DIFFERENCES_SHOWN; i++) {
            String w = i < want.size() ? want.get(i) : "(none)";
            String g = i < got.size() ? got.get(i) : "(none)";
            if (!w.equals(g)) {
              text.append("\n  row ")
                  .append(i)
                  .append(": ")
                  .append(g)
                  .append("\n  expected: ")
                  .append(w);
              shown++;
            }
          }
          differences.add(text.toString());
        });
    return differences;
  }

  private static List<String> lines(Path file, String sql)
      throws IOException, InterruptedException {
    List<String> lines = new ArrayList<>();
    for (JsonNode row : SqliteCli.query(file, sql)) {
      lines.add(row.get("line").asText());
    }
    return lines;
  }
}
