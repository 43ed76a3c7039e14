package org.slapos.instancenode.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.store.IntegrityCheck;
import org.slapos.instancenode.store.StoreException;
import org.slapos.instancenode.testing.PythonInstanceDb;

/** The instance DB slapconfiguration writes, written by the sqlite3 tool as Python writes it. */
class InstanceDbFileTest {
  @TempDir Path dir;
  private InstanceDbFile followed;

  @AfterEach
  void close() {
    if (followed != null) {
      followed.close();
    }
  }

  private Path file() {
    return dir.resolve("instance.sqlite");
  }

  private InstanceDbFile follow() {
    followed =
        InstanceDbFile.writtenBySlapconfiguration(
            file(), f -> InstanceStore.openExisting(f, IntegrityCheck.QUICK, Long.MAX_VALUE));
    return followed;
  }

  private static ObjectNode params(String url) {
    return Json.MAPPER.createObjectNode().put("url", url);
  }

  private static List<String> urls(InstanceStore store) {
    return store.all().stream().map(r -> r.reference() + "=" + r.jsonParameters()).toList();
  }

  @Test
  void aMissingFileIsNotCreatedAndSaysSlapconfigurationHasNotRun() {
    DesiredStateException missing = assertThrows(DesiredStateException.class, this::follow);

    assertEquals(
        "instance-db-path = "
            + file()
            + ": does not exist yet (has slapconfiguration run?); nothing changed",
        missing.getMessage());
    assertTrue(Files.notExists(file()));
  }

  @Test
  void theFileChangedInPlaceKeepsItsConnection() throws Exception {
    PythonInstanceDb slapos = PythonInstanceDb.create(file());
    InstanceStore first = follow().current();

    slapos.change().valid("A", params("https://a")).commit();

    assertSame(first, followed.current());
    assertEquals(List.of("A={\"url\": \"https://a\"}"), urls(followed.current()));
  }

  @Test
  void aFileRenamedOverTheOneOpenedIsReadAndTheOldConnectionClosed() throws Exception {
    PythonInstanceDb.create(file()).change().valid("A", params("https://old")).commit();
    InstanceStore old = follow().current();
    assertEquals(List.of("A={\"url\": \"https://old\"}"), urls(old));

    Path written = dir.resolve("instance.sqlite.new");
    PythonInstanceDb.create(written).change().valid("A", params("https://new")).commit();
    Files.move(written, file(), StandardCopyOption.ATOMIC_MOVE);

    InstanceStore now = followed.current();
    assertNotSame(old, now);
    assertEquals(List.of("A={\"url\": \"https://new\"}"), urls(now));
    assertThrows(IllegalStateException.class, old::all, "the replaced file's connection is closed");
    assertSame(now, followed.current(), "opened once");
  }

  @Test
  void aMissingFileFailsEachCallUntilItIsBackAndIsNeverCreated() throws Exception {
    PythonInstanceDb.create(file()).change().valid("A", params("https://old")).commit();
    InstanceStore old = follow().current();

    Files.delete(file());
    for (int call = 0; call < 2; call++) {
      DesiredStateException missing = assertThrows(DesiredStateException.class, followed::current);
      assertEquals(
          "instance-db-path = "
              + file()
              + ": has disappeared (being restored or replaced?); nothing changed, it is read"
              + " again at the next pass",
          missing.getMessage());
      assertTrue(Files.notExists(file()), "never created empty");
    }
    assertThrows(IllegalStateException.class, old::all, "closed as soon as it disappeared");

    PythonInstanceDb.create(file()).change().valid("B", params("https://b")).commit();
    assertEquals(List.of("B={\"url\": \"https://b\"}"), urls(followed.current()));
  }

  @Test
  void openingAFileThatDoesNotExistNeverCreatesIt() {
    StoreException missing =
        assertThrows(
            StoreException.class,
            () -> InstanceStore.openExisting(file(), IntegrityCheck.QUICK, Long.MAX_VALUE));

    assertEquals(
        "SQLite database " + file() + ": does not exist", missing.getMessage(), "names the file");
    assertTrue(Files.notExists(file()));
  }

  @Test
  void theNodesOwnFileIsAlwaysTheStoreOpened() {
    try (InstanceStore own = InstanceStore.open(file());
        InstanceDbFile file = InstanceDbFile.own(own)) {
      assertSame(own, file.current());
      assertEquals(file(), file.file());
      assertEquals(List.<InstanceRow>of(), own.all());
    }
  }
}
