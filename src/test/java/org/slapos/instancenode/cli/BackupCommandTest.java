package org.slapos.instancenode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.testing.DemoConfig;
import org.slapos.instancenode.testing.SqliteCli;

/** {@code backup} copies real databases, also while another connection keeps writing them. */
class BackupCommandTest {
  @TempDir Path dir;

  @Test
  void backupCopiesTheDatabasesAndTheSecretOwnerOnlyWithAManifest() throws Exception {
    Path config = DemoConfig.copyInto(dir);
    assertEquals(0, CommandRun.of("run", "--once", "--config", config.toString()).exitCode());
    Path to = dir.resolve("backups/today");

    AtomicBoolean stop = new AtomicBoolean();
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  // A writer beside the backup, as a running daemon is.
                  try (InstanceStore db = InstanceStore.open(dir.resolve("instance.sqlite"))) {
                    for (int i = 0; !stop.get(); i++) {
                      db.batch().meta("backup-test", Integer.toString(i)).commit();
                    }
                  }
                });
    CommandRun run;
    try {
      run = CommandRun.of("backup", "--config", config.toString(), "--to", to.toString());
    } finally {
      stop.set(true);
      writer.join();
    }

    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(to)));
    for (String file :
        List.of(
            "instance.sqlite",
            "request.sqlite",
            "domain.sqlite",
            "domain.sqlite.secret",
            BackupCommand.MANIFEST)) {
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(to.resolve(file))),
          file);
    }
    assertEquals(
        Files.readString(dir.resolve("domain.sqlite.secret")),
        Files.readString(to.resolve("domain.sqlite.secret")));
    assertEquals(
        SqliteCli.run(dir.resolve("request.sqlite"), "SELECT count(*) FROM instance"),
        SqliteCli.run(to.resolve("request.sqlite"), "SELECT count(*) FROM instance"));
    try (InstanceStore copy = InstanceStore.openRequestDb(to.resolve("request.sqlite"))) {
      assertEquals(9, InstanceStore.total(copy.countByStateAndReason(), InstanceRow.VALID));
    }
    JsonNode manifest = Json.MAPPER.readTree(to.resolve(BackupCommand.MANIFEST).toFile());
    assertTrue(manifest.path("created").asText().endsWith("Z"), manifest.toString());
    assertEquals("0.1.0-SNAPSHOT", manifest.path("version").asText());
    assertEquals(4, manifest.path("files").size(), manifest.toString());
    for (int i = 0; i < 3; i++) {
      assertEquals("ok", manifest.path("files").get(i).path("integrity_check").asText());
    }
  }

  @Test
  void aDirectoryHoldingABackupIsRefused() throws Exception {
    Path config = DemoConfig.copyInto(dir);
    CommandRun.of("run", "--once", "--config", config.toString());
    Path to = dir.resolve("backup");
    assertEquals(
        0,
        CommandRun.of("backup", "--config", config.toString(), "--to", to.toString()).exitCode());

    CommandRun again =
        CommandRun.of("backup", "--config", config.toString(), "--to", to.toString());

    assertEquals(1, again.exitCode());
    assertTrue(again.err().contains("holds a backup already"), again.err());
  }
}
