package org.slapos.instancenode.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slapos.instancenode.testing.dns.EveryTokenPublished;

/**
 * A node's files in one directory: its three SQLite files and the configuration naming them, as an
 * operator lays them out. The configuration takes the paths of these files plus the lines a test
 * adds.
 */
public record NodeDir(Path dir) {
  /** The real Rapid.CDN software description, for the {@code file:} source's schema. */
  public static final Path RAPID_CDN_SOFTWARE =
      Path.of("../shared/rapid-cdn/software.cfg.json").toAbsolutePath().normalize();

  public Path instanceDb() {
    return dir.resolve("instance.sqlite");
  }

  public Path requestDb() {
    return dir.resolve("request.sqlite");
  }

  public Path domainDb() {
    return dir.resolve("domain.sqlite");
  }

  public Path config() {
    return dir.resolve("node.cfg");
  }

  /** The three database files, instance DB first. */
  public List<Path> databases() {
    return List.of(instanceDb(), requestDb(), domainDb());
  }

  /**
   * The request DB's {@code valid_parameter} by reference, read by another process as operators
   * read it; empty while the file does not exist (it is never created here).
   */
  public Map<String, String> recordedStates() throws IOException, InterruptedException {
    Map<String, String> states = new TreeMap<>();
    if (Files.exists(requestDb())) {
      SqliteCli.query(requestDb(), "SELECT reference, valid_parameter FROM instance;")
          .forEach(
              row ->
                  states.put(row.get("reference").asText(), row.get("valid_parameter").asText()));
    }
    return states;
  }

  /**
   * Writes {@link #config()}: section {@code [slaposinstancenode]} with the three database paths,
   * DNS where every challenge token of this node is published ({@link EveryTokenPublished}) unless
   * {@code lines} name their own {@code dns-nameserver}, then {@code lines}.
   */
  public Path writeConfig(String... lines) throws IOException {
    boolean ownDns = Arrays.stream(lines).anyMatch(line -> line.startsWith("dns-nameserver"));
    String text =
        "[slaposinstancenode]\n"
            + (ownDns
                ? ""
                : "dns-nameserver = " + EveryTokenPublished.serving(domainDb()).nameserver() + "\n")
            + "instance-db-path = "
            + instanceDb()
            + "\nrequestinstance-db-path = "
            + requestDb()
            + "\ndomain-validation-db-path = "
            + domainDb()
            + "\n"
            + String.join("\n", lines)
            + "\n";
    return Files.writeString(config(), text);
  }

  /**
   * Writes {@link #config()} for desired state read from {@code entries} (shaped as the master's
   * {@code result_list}) and validated against the real Rapid.CDN schema, then {@code lines}.
   */
  public Path writeFileSourceConfig(Path entries, String... lines) throws IOException {
    String[] all = new String[lines.length + 4];
    all[0] = "desired-state = file:" + entries.toAbsolutePath();
    all[1] = "software-schema = " + RAPID_CDN_SOFTWARE;
    all[2] = "software-type = default";
    all[3] = "unstringify = true";
    System.arraycopy(lines, 0, all, 4, lines.length);
    return writeConfig(all);
  }
}
