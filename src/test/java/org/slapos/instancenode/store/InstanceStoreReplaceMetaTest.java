package org.slapos.instancenode.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceStoreReplaceMetaTest {
  @TempDir Path dir;
  private InstanceStore store;

  @BeforeEach
  void open() {
    store = InstanceStore.openRequestDb(dir.resolve("request.db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void absentValueIsSetWhenAbsenceIsExpected() {
    assertTrue(store.replaceMeta("k", null, "v1"));

    assertEquals(Optional.of("v1"), store.meta("k"));
  }

  @Test
  void presentValueIsNotSetWhenAbsenceIsExpected() {
    store.batch().meta("k", "v1").commit();

    assertFalse(store.replaceMeta("k", null, "v2"));

    assertEquals(Optional.of("v1"), store.meta("k"));
  }

  @Test
  void matchingValueIsReplaced() {
    store.batch().meta("k", "v1").commit();

    assertTrue(store.replaceMeta("k", "v1", "v2"));

    assertEquals(Optional.of("v2"), store.meta("k"));
  }

  @Test
  void valueChangedMeanwhileIsKept() {
    store.batch().meta("k", "v2").commit();

    assertFalse(store.replaceMeta("k", "v1", null));

    assertEquals(Optional.of("v2"), store.meta("k"));
  }

  @Test
  void nullValueDeletesTheMatchingValue() {
    store.batch().meta("k", "v1").meta("other", "o").commit();

    assertTrue(store.replaceMeta("k", "v1", null));

    assertEquals(Optional.empty(), store.meta("k"));
    assertEquals(Optional.of("o"), store.meta("other"));
  }

  @Test
  void absentValueIsNotReplacedWhenAValueIsExpected() {
    assertFalse(store.replaceMeta("k", "v1", "v2"));

    assertEquals(Optional.empty(), store.meta("k"));
  }
}
