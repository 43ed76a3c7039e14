package org.slapos.instancenode.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;

/**
 * When a collector's picture of a real request DB is read again: after the entries changed, never
 * after what a steady daemon pass writes (its outcome and held removals in {@code node_meta}).
 */
class RequestDbPictureTest {
  @TempDir Path dir;
  private InstanceStore requestDb;
  private final AtomicInteger reads = new AtomicInteger();
  private RequestDbPicture<Integer> picture;

  @BeforeEach
  void open() {
    requestDb = InstanceStore.openRequestDb(dir.resolve("request.sqlite"));
    picture = new RequestDbPicture<>(requestDb, "test", 0, (db, last) -> reads.incrementAndGet());
  }

  @AfterEach
  void close() {
    requestDb.close();
  }

  @Test
  void aSteadyPassesBookkeepingDoesNotInvalidateThePicture() {
    picture.current();
    assertEquals(1, reads.get());

    // What a steady daemon pass writes: LastRun's outcome, the held removals' digest.
    requestDb.batch().meta("last_run", "{\"mode\": \"daemon\", \"succeeded\": true}").commit();
    requestDb.batch().meta("held-removals", "").commit();
    picture.current();

    assertEquals(1, reads.get(), "the request DB is not read again");
  }

  @Test
  void aChangedEntryIsReadAtTheNextScrape() {
    picture.current();

    requestDb
        .batch()
        .upsert(new InstanceRow("A", "{}", "{}", "h", "1700000000", InstanceRow.VALID))
        .meta("last_run", "{}")
        .commit();
    picture.current();

    assertEquals(2, reads.get());
  }
}
