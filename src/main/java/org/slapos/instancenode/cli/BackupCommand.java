package org.slapos.instancenode.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.config.VerificationSecret;
import org.slapos.instancenode.dns.VerificationSecrets;
import org.slapos.instancenode.files.OwnerOnlyFiles;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.ops.BuildInfo;
import org.slapos.instancenode.store.IntegrityCheck;
import org.slapos.instancenode.store.SqliteDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backup}: consistent online copies of the node's databases (SQLite's backup API, safe while
 * a node writes them) and of its verification secret file, all {@code 0600}, with a manifest.
 */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Copy the instance, request and domain DBs (SQLite's online backup, safe beside a running"
          + " node) and the verification secret file into DIR, all 0600, with manifest.json"
          + " (time, version, integrity_check of each copy). Exit 0 when every copy is sound."
    })
final class BackupCommand implements Callable<Integer> {
  static final String MANIFEST = "manifest.json";

  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "INI file.")
  Path config;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "DIR",
      description = "Directory of the backup: created 0700, and must hold no earlier backup.")
  Path to;

  @Override
  public Integer call() throws IOException {
    NodeConfig node = NodeConfig.load(config);
    Path dir = to.toAbsolutePath();
    if (Files.exists(dir.resolve(MANIFEST))) {
      spec.commandLine()
          .getErr()
          .println(
              "error: " + dir + " holds a backup already (" + MANIFEST + "): choose a new --to");
      return ExitCode.FAILED;
    }
    OwnerOnlyFiles.createParentDirectories(dir.resolve(MANIFEST));
    PrintWriter out = spec.commandLine().getOut();
    ObjectNode manifest = Json.MAPPER.createObjectNode();
    manifest.put("created", Clock.systemUTC().instant().toString());
    manifest.put("version", BuildInfo.CURRENT.version());
    manifest.put("revision", BuildInfo.CURRENT.revision());
    ArrayNode files = manifest.putArray("files");
    boolean sound = true;
    for (Map.Entry<String, Path> db : databases(node).entrySet()) {
      Path copy = dir.resolve(db.getKey());
      try (SqliteDatabase source = SqliteDatabase.openReadOnly(db.getValue())) {
        source.backup(copy);
      }
      List<String> check;
      try (SqliteDatabase written = SqliteDatabase.openReadOnly(copy)) {
        check = written.integrityProblems(IntegrityCheck.FULL);
      }
      sound &= check.equals(List.of("ok"));
      ObjectNode file = files.addObject().put("file", db.getKey());
      file.put("source", db.getValue().toAbsolutePath().toString());
      file.put("integrity_check", String.join("; ", check));
      out.println(db.getKey() + ": integrity_check " + String.join("; ", check));
    }
    Optional<Path> secret = secretFile(node);
    if (secret.isPresent()) {
      Path copy = dir.resolve(secret.get().getFileName());
      OwnerOnlyFiles.createNew(copy);
      Files.write(copy, Files.readAllBytes(secret.get()));
      files
          .addObject()
          .put("file", copy.getFileName().toString())
          .put("source", secret.get().toString());
      out.println(copy.getFileName() + ": copied");
    }
    Path manifestFile = dir.resolve(MANIFEST);
    OwnerOnlyFiles.createNew(manifestFile);
    Files.writeString(manifestFile, manifest.toPrettyString() + "\n");
    out.println("backup in " + dir + (sound ? "" : ": a copy FAILED its integrity check"));
    out.flush();
    return sound ? ExitCode.OK : ExitCode.FAILED;
  }

  /** The copies' names and their sources; the instance DB also in drop-in mode. */
  private static Map<String, Path> databases(NodeConfig node) {
    Map<String, Path> databases = new LinkedHashMap<>();
    databases.put("instance.sqlite", node.instanceDbPath());
    databases.put("request.sqlite", node.requestInstanceDbPath());
    node.domainValidationDbPath().ifPresent(db -> databases.put("domain.sqlite", db));
    return databases;
  }

  /** The secret's file; none when the configuration holds the secret inline. */
  private static Optional<Path> secretFile(NodeConfig node) {
    return switch (node.verificationSecret()) {
      case VerificationSecret.FromFile file -> Optional.of(file.path());
      case VerificationSecret.Generated generated ->
          node.domainValidationDbPath()
              .map(VerificationSecrets::generatedFile)
              .filter(Files::exists);
      case VerificationSecret.Inline inline -> Optional.empty();
    };
  }
}
